// `npm run compose`: rebuilds schema/supergraph.graphql from the subgraphs' SDL, or prints
// the composition errors and exits 1. (`npm run schema:publish` does this and the rest of a publication.)
import { writeFileSync } from "node:fs";
import { composeSupergraph, SUPERGRAPH_PATH } from "./supergraph.ts";

const outcome = composeSupergraph();
if (!outcome.ok) {
  console.error(`Composition failed:\n  - ${outcome.errors.map((error) => `${error.code}: ${error.message}`).join("\n  - ")}`);
  process.exit(1);
}
for (const hint of outcome.hints) console.warn(`hint: ${hint.code}: ${hint.message}`);
writeFileSync(SUPERGRAPH_PATH, outcome.supergraphSdl);
console.log(`wrote ${SUPERGRAPH_PATH}`);
