export { loadConfig, ConfigError } from "./load.ts";
export { env } from "./fields.ts";
export { commonServiceEnv, eventsEnv, METRICS_PORTS, outboxEnv, SERVICE_HEAP_LIMIT_MB, serviceNodeOptions, streamConsumerEnv, tracingEnv, TRACES_SAMPLERS } from "./service.ts";
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
export { generateKeys, generateSigningKey, KEY_VARIABLES, keyEnv, PUBLISHED_SECRETS, requireKeys, requireSigningSecrets, type Ed25519Jwk, type KeyVariable, type TokenKeys } from "./keys.ts";
export { laptopKeys } from "./laptop-keys.ts";
