// Types for the storefront from the registry's own operations (schema/operations), against the
// API schema of the committed supergraph, with GraphQL Code Generator's client preset. Run by
// `npm run build` and `npm run dev`; the output (src/generated/) is not committed.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { codegen } from "@graphql-codegen/core";
import type { Types } from "@graphql-codegen/plugin-helpers";
import { preset } from "@graphql-codegen/client-preset";
import { apiSchemaOf } from "@shop/schema-registry";
import { parse, printSchema } from "graphql";

const root = fileURLToPath(new URL("../../", import.meta.url));
const operationsDir = join(root, "schema/operations");
const outputDir = fileURLToPath(new URL("src/generated/", import.meta.url));

const schemaAst = apiSchemaOf(readFileSync(join(root, "schema/supergraph.graphql"), "utf8"));
const documents: Types.DocumentFile[] = readdirSync(operationsDir)
  .filter((file) => file.endsWith(".graphql"))
  .sort()
  .map((file) => {
    const location = join(operationsDir, file);
    const rawSDL = readFileSync(location, "utf8");
    return { location, rawSDL, document: parse(rawSDL) };
  });

const outputs = await preset.buildGeneratesSection({
  baseOutputDir: outputDir,
  presetConfig: { fragmentMasking: false },
  plugins: [],
  pluginMap: {},
  schema: parse(printSchema(schemaAst)),
  schemaAst,
  documents,
  // Enums as string unions: the status values stay plain strings at run time.
  config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: "string" } },
});
for (const output of outputs) {
  mkdirSync(dirname(output.filename), { recursive: true });
  writeFileSync(output.filename, await codegen({ ...output, schemaAst }));
}
console.log(`storefront codegen: ${documents.length} registered operations typed into ${outputDir}`);
