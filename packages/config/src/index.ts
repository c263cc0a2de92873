export { loadConfig, ConfigError } from "./load.ts";
export { env } from "./fields.ts";
export { commonServiceEnv, eventsEnv, jwtSecretOf, tracingEnv, TRACES_SAMPLERS } from "./service.ts";
export {
  SUBGRAPHS,
  databaseUrlFor,
  subgraphUrlFor,
  loadSubgraphConfig,
  type SubgraphName,
  type SubgraphConfig,
} from "./subgraph.ts";
