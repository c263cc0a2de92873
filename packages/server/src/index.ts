export { startGraphQLService, type GraphQLServiceOptions, type RunningService, type ReadinessCheck } from "./graphql-service.ts";
export { startSubgraph, createSubgraphRuntime, type SubgraphOptions, type SubgraphContext, type SubgraphRuntime } from "./subgraph.ts";
export { onShutdown, stopOnSignals } from "./shutdown.ts";
export { loadTypeDefs } from "./type-defs.ts";
export { DateTime } from "./scalars.ts";
export { runService } from "./run-service.ts";
export { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
export { MAX_NESTING, PARSER_MAX_TOKENS } from "./refusals.ts";
export { CACHE_INVALIDATES_HEADER, CACHE_SCOPE_HEADER, CACHE_TAGS_HEADER, PRIVATE_SCOPE, type CacheTags } from "./use-cache-tags.ts";
