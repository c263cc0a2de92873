import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { Pool } from "undici";
import { ErrorCode, ServiceUnavailableError } from "@shop/errors";
import { errorCodeLabel, type GatewayMetrics } from "@shop/metrics";
import type { RequestSigner } from "@shop/request-signing";
import { CACHE_INVALIDATES_HEADER, CACHE_SCOPE_HEADER, CACHE_TAGS_HEADER, CLIENT_ADDRESS_HEADER, PRIVATE_SCOPE } from "@shop/server";
import type { GatewayContext } from "./context.ts";
import type { ResponseCache } from "./response-cache.ts";
import { shareInFlight } from "./in-flight.ts";
import { isQuery, shouldRetryQuery } from "./retry-queries.ts";

/** The request's deadline, in epoch milliseconds, as the gateway tells each subgraph. */
const DEADLINE_HEADER = "x-request-deadline";

/** Set by the data source on a query, for its fetcher only (never sent): the answer may be shared. */
export const SHAREABLE_HEADER = "x-shareable-query";

const OUT_OF_TIME = "The request ran out of time before every service had answered; try again shortly.";

/** Connections kept open to each subgraph; requests beyond them wait in the pool's queue. */
const POOL_CONNECTIONS = 64;

/**
 * One subgraph as the gateway calls it: it signs every request (subgraphs answer no other),
 * forwards the caller's credentials, address and request id (each subgraph verifies the token
 * itself), gives up at the timeout or the request's deadline, and reports a subgraph that cannot
 * be reached as SERVICE_UNAVAILABLE rather than its network error. Each fetch is timed and its
 * errors counted, per subgraph.
 *
 * Requests go through an undici connection pool (keep-alive) rather than the global `fetch`:
 * the same engine without web streams, a Request object and an AbortSignal per call, which
 * profiles showed to be the gateway's largest cost.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    timeoutMs: number,
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    signRequest: RequestSigner,
    /**
     * The response cache: this data source keeps tagged public subgraph answers in it too (the
     * products embedded in an order, say), and has what a mutation changed (CACHE_INVALIDATES_HEADER)
     * dropped, here and on every other replica, before the caller gets its answer.
     */
    private readonly cache?: { answers: ResponseCache; drop: (tags: string[]) => Promise<void> },
  ) {
    const { origin, pathname, search } = new URL(url);
    super({ url, fetcher: pooledFetcher(new Pool(origin, { connections: POOL_CONNECTIONS }), pathname + search, timeoutMs, signRequest) });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request, context } = options;
    if (isQuery("document" in options ? options.document : undefined)) request.http?.headers.set(SHAREABLE_HEADER, "1");
    if (!context || !("requestId" in context)) return;
    request.http?.headers.set("x-request-id", context.requestId);
    if (context.authorization) request.http?.headers.set("authorization", context.authorization);
    if (context.clientAddress) request.http?.headers.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
    if (context.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
  }

  /**
   * For the response cache: drops what a mutation changed before the caller gets its answer, and
   * gathers a query's tags and scope (an answer without tags makes the request uncacheable; a
   * private one, cacheable for this caller only).
   */
  override async didReceiveResponse({ response, context }: Required<Pick<GraphQLDataSourceProcessOptions<GatewayContext>, "context">> & { response: GatewayGraphQLResponse }) {
    const changed = response.http?.headers.get(CACHE_INVALIDATES_HEADER);
    if (changed) await this.cache?.drop(changed.split(" "));
    const fetched = context.fetchedTags;
    if (fetched) {
      const tags = response.http?.headers.get(CACHE_TAGS_HEADER);
      if (tags) for (const tag of tags.split(" ")) fetched.tags.add(tag);
      else fetched.cacheable = false;
      if (isPrivate(response)) fetched.private = true;
    }
    return response;
  }

  /**
   * A query of a request that may be cached (`fetchedTags` set) is answered from the cache when
   * the same subgraph query was answered with public tags before: caller-independent data, such
   * as the products of someone's order, fetched once for every caller until a change drops it.
   * A private answer is never kept here: this cache is keyed without the caller. A refresh
   * (`refreshing`) is never answered from here, and replaces what it fetches.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = options.context && "requestId" in options.context ? options.context : undefined;
    const fetched = context?.fetchedTags;
    if (!fetched || !this.cache) return this.fetch(options);
    const { answers } = this.cache;
    const key = `${this.subgraph}\n${options.request.query}\n${JSON.stringify(options.request.variables ?? {})}`;
    // A refresh fetches anew: what is kept here is as old as the answer being refreshed.
    const hit = context?.refreshing ? undefined : (answers.get(key) as CachedFetch | undefined);
    this.metrics.subgraphFetchCache(this.subgraph, hit ? "hit" : "miss");
    if (hit) {
      for (const tag of hit.tags) fetched.tags.add(tag);
      // Parsed anew each time: the gateway merges other subgraphs' fields into what it is given.
      return { data: JSON.parse(hit.data) as Record<string, unknown> };
    }
    const begun = answers.begin();
    const response = await this.fetch(options);
    const tags = response.http?.headers.get(CACHE_TAGS_HEADER)?.split(" ");
    if (tags && !isPrivate(response) && response.data && !response.errors) answers.store(key, { data: JSON.stringify(response.data), tags } satisfies CachedFetch, tags, begun);
    return response;
  }

  private async fetch(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadline = options.context && "deadline" in options.context ? options.context.deadline : undefined;
    if (deadline !== undefined && deadline <= Date.now()) throw new ServiceUnavailableError(OUT_OF_TIME);
    const fetched = this.metrics.subgraphFetch(this.subgraph);
    try {
      // A query that met a replica going away (refused, reset, draining) is sent once more:
      // the load balancer hands it to another replica.
      const response = await super.process(options).catch((error: unknown) => {
        if (!shouldRetryQuery(error, "document" in options ? options.document : undefined, deadline)) throw error;
        return super.process(options);
      });
      fetched((response.errors ?? []).map((error) => errorCodeLabel(error.extensions?.code)));
      return response;
    } catch (error) {
      fetched([ErrorCode.SERVICE_UNAVAILABLE]);
      throw new ServiceUnavailableError(undefined, { cause: error });
    }
  }
}

const isPrivate = (response: GatewayGraphQLResponse) => response.http?.headers.get(CACHE_SCOPE_HEADER) === PRIVATE_SCOPE;

interface CachedFetch {
  data: string;
  tags: string[];
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>["fetcher"];

interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body: string;
}

interface SubgraphAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * The data source's fetch on a pool: signed over the body exactly as RemoteGraphQLDataSource
 * serialised it, waiting at most `timeoutMs` and never past the request's deadline (which the
 * subgraph sees too, in DEADLINE_HEADER), within undici's timer resolution (about half a second:
 * no timer per call). Returns the little of a fetch Response the data source reads.
 *
 * Identical queries in flight at once (same body, same caller's credentials, so the same answer)
 * share one request; only what the data source marked as a query (SHAREABLE_HEADER) is shared.
 */
export function pooledFetcher(pool: Pool, path: string, timeoutMs: number, signRequest: RequestSigner): Fetcher {
  const shared = shareInFlight<SubgraphAnswer>();
  async function send(init: FetchInit): Promise<SubgraphAnswer> {
    const waitMs = Math.max(1, Math.min(timeoutMs, Number(init.headers[DEADLINE_HEADER] ?? Infinity) - Date.now()));
    const headers = { ...init.headers, ...signRequest({ method: init.method, path, body: init.body }) };
    const response = await pool.request({ path, method: "POST", headers, body: init.body, headersTimeout: waitMs, bodyTimeout: waitMs });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }
  const fetcher = async (url: string, init: FetchInit) => {
    const shareable = init.headers[SHAREABLE_HEADER] === "1";
    delete init.headers[SHAREABLE_HEADER];
    const answer = shareable ? await shared(`${init.headers.authorization ?? ""}\n${init.body}`, () => send(init)) : await send(init);
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      statusText: String(answer.status),
      url,
      headers: { get: (name: string) => headerValue(answer.headers[name.toLowerCase()]) },
      text: async () => answer.text,
      json: async () => JSON.parse(answer.text) as unknown,
    };
  };
  return fetcher as unknown as Fetcher;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

