import type { FetchedTags } from "./use-response-cache.ts";

/** Per request: what the gateway forwards to every subgraph it calls. */
export interface GatewayContext {
  requestId: string;
  authorization?: string;
  /** The caller's address (req.ip, so behind TRUST_PROXY the client's own), for the subgraphs' per-client limits. */
  clientAddress?: string;
  /** When the request must be done (epoch ms): no subgraph fetch runs past it. */
  deadline?: number;
  /** Set when the answer may be cached: each subgraph fetch adds the tags its answer carried. */
  fetchedTags?: FetchedTags;
  /** A refresh of a cached answer (useResponseCache): executed to be stored, never answered from the cache. */
  refreshing?: boolean;
}
