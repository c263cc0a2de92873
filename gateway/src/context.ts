/** Per request: what the gateway forwards to every subgraph it calls. */
export interface GatewayContext {
  requestId: string;
  authorization?: string;
  /** The caller's address (req.ip, so behind TRUST_PROXY the client's own), for the subgraphs' per-client limits. */
  clientAddress?: string;
}
