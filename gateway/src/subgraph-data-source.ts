import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { ErrorCode, ServiceUnavailableError } from "@shop/errors";
import { errorCodeLabel, type GatewayMetrics } from "@shop/metrics";
import type { RequestSigner } from "@shop/request-signing";
import { CLIENT_ADDRESS_HEADER } from "@shop/server";
import type { GatewayContext } from "./context.ts";

/** The request's deadline, in epoch milliseconds, as the gateway tells each subgraph. */
const DEADLINE_HEADER = "x-request-deadline";

const OUT_OF_TIME = "The request ran out of time before every service had answered; try again shortly.";

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>["fetcher"];

/**
 * One subgraph as the gateway calls it: it signs every request (subgraphs answer no other),
 * forwards the caller's credentials, address and request id (each subgraph verifies the token
 * itself), gives up after a timeout, and reports a
 * subgraph that cannot be reached as SERVICE_UNAVAILABLE rather than its network error.
 * Each fetch is timed and its errors counted, per subgraph.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    timeoutMs: number,
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    signRequest: RequestSigner,
  ) {
    const { pathname, search } = new URL(url);
    // Node's fetch keeps connections alive between the gateway and each subgraph. The signature
    // covers the body exactly as RemoteGraphQLDataSource serialised it.
    // Each fetch waits at most timeoutMs, and never past its request's deadline (which the
    // subgraph sees too, in DEADLINE_HEADER).
    const fetcher = ((input: string, init: { method: string; headers: Record<string, string>; body: string }) => {
      const remainingMs = Number(init.headers[DEADLINE_HEADER] ?? Infinity) - Date.now();
      return fetch(input, {
        ...init,
        headers: { ...init.headers, ...signRequest({ method: init.method, path: pathname + search, body: init.body }) },
        signal: AbortSignal.timeout(Math.max(0, Math.min(timeoutMs, remainingMs))),
      });
    }) as unknown as Fetcher;
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context || !("requestId" in context)) return;
    request.http?.headers.set("x-request-id", context.requestId);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    if (context.clientAddress) request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
    if (context.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadline = options.context && "deadline" in options.context ? options.context.deadline : undefined;
    if (deadline !== undefined && deadline <= Date.now()) throw new ServiceUnavailableError(OUT_OF_TIME);
    const fetched = this.metrics.subgraphFetch(this.subgraph);
    try {
      const response = await super.process(options);
      fetched((response.errors ?? []).map((error) => errorCodeLabel(error.extensions?.code)));
      return response;
    } catch (error) {
      fetched([ErrorCode.SERVICE_UNAVAILABLE]);
      throw new ServiceUnavailableError(undefined, { cause: error });
    }
  }
}
