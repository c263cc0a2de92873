/** Per request: what the gateway forwards to every subgraph it calls. */
export interface GatewayContext {
  requestId: string;
  authorization?: string;
}
