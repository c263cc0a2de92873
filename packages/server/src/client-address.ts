import type { IncomingMessage } from "node:http";

/** The header in which the gateway tells subgraphs who its caller is, for limits they keep (sign-in attempts). */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

/**
 * A subgraph's caller: the address the gateway saw (behind proxies it trusts, the client's own),
 * or the connection's peer when the subgraph is called directly.
 */
export function clientAddressOf(req: IncomingMessage): string {
  const forwarded = req.headers[CLIENT_ADDRESS_HEADER];
  if (typeof forwarded === "string" && forwarded) return forwarded;
  return req.socket.remoteAddress ?? "unknown";
}
