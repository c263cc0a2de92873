export { loadConfig, ConfigError } from "./load.ts";
export { env } from "./fields.ts";
export { commonServiceEnv, eventsEnv, jwtSecretOf, METRICS_PORTS, tracingEnv, TRACES_SAMPLERS } from "./service.ts";
export {
  SUBGRAPHS,
  databaseUrlFor,
  subgraphUrlFor,
  loadSubgraphConfig,
  subgraphEnv,
  type SubgraphName,
  type SubgraphConfig,
} from "./subgraph.ts";
export { loadStartConfig, startEnv, usesExternalDatabase, usesRedis } from "./start.ts";
