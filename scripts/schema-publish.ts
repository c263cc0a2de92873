// `npm run schema:publish`: writes the subgraphs' SDL from their code as the published schema
// (schema/subgraphs, schema/supergraph.graphql, schema/persisted-query-manifest.json) and appends
// schema/CHANGELOG.md; refuses, and writes nothing, when the schema check fails.
import { formatTable, publishRepository } from "@shop/schema-registry";
import { registryRepository } from "./supergraph.ts";

try {
  const result = await publishRepository(registryRepository());
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
