// Generates one domain's Prisma client: `tsx scripts/prisma-generate.ts <domain>`.
// `prisma generate` needs no schema engine, but the CLI downloads one first unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file; any file will do, so we name node.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const domain = process.argv[2];
if (!domain) {
  console.error("usage: tsx scripts/prisma-generate.ts <domain>");
  process.exit(2);
}
const config = fileURLToPath(new URL(`../prisma/${domain}/prisma.config.ts`, import.meta.url));
const prismaCli = fileURLToPath(new URL("../node_modules/prisma/build/index.js", import.meta.url));
const result = spawnSync(process.execPath, [prismaCli, "generate", "--config", config], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
