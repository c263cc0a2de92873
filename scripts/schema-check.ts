// `npm run schema:check [-- --json | --markdown] [--base <git-revision>]`: checks the subgraphs'
// SDL in their code against the published schema (schema/): composition, breaking changes,
// registered operations, lint. Exits 0 when the check passes, 1 when it fails.
import { parseArgs } from "node:util";
import { checkRepository, formatMarkdown, formatTable } from "@shop/schema-registry";
import { registryRepository } from "./supergraph.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    markdown: { type: "boolean", default: false },
    base: { type: "string" },
  },
});

try {
  const { report } = await checkRepository(registryRepository(), { base: options.base });
  const baseline = `Compared with the schema published ${options.base ? `at ${options.base}` : "in the working tree"}.`;
  if (options.json) console.log(JSON.stringify({ baseline: options.base ?? null, ...report }, null, 2));
  else if (options.markdown) console.log(`${formatMarkdown(report)}\n${baseline}`);
  else console.log(`${formatTable(report)}\n${baseline}`);
  process.exitCode = report.passed ? 0 : 1;
} catch (error) {
  console.error(`schema check: ${(error as Error).message}`);
  process.exitCode = 1;
}
