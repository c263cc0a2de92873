// `npm run schema:publish`: writes the subgraphs' SDL from their code as the published schema
// (schema/subgraphs, schema/supergraph.graphql, schema/persisted-query-manifest.json) and appends
// schema/CHANGELOG.md; refuses, and writes nothing, when the schema check fails.
import { formatTable } from "@shop/schema-registry";
import { publishRepository } from "./schema-registry.ts";

try {
  const result = await publishRepository();
  console.log(formatTable(result.outcome.report));
  if (result.status === "refused") {
    console.error("\nNot published: the check fails. Fix what fails, or approve a breaking change in schema/approvals.json.");
    process.exitCode = 1;
  } else if (result.status === "unchanged") {
    console.log("\nNothing to publish: schema/ already holds the subgraphs' SDL and the registered operations.");
  } else {
    console.log(`\nPublished:\n  ${result.files.join("\n  ")}`);
  }
} catch (error) {
  console.error(`schema publish: ${(error as Error).message}`);
  process.exitCode = 1;
}
