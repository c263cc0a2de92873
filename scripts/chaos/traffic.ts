// The traffic of `npm run chaos`, as the SPA makes it: registered operations only, sent by their
// persisted-query id through the gateway's load balancer. A steady rate of reads from a few
// signed-in customers, a trickle of writes (placeOrder with an idempotency key, retried with
// that key while the answer is retryable; cancelOrder; updateOrderStatus by the administrator),
// and graphql-ws subscribers on the orders the trickle changes. Every request is one sample.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { ErrorCode } from "@shop/errors";
import { ORDER_STATUS_MOVES, type OrderStatus } from "@shop/events";

export interface Sample {
  kind: "read" | "write";
  operation: string;
  startedAt: number;
  endedAt: number;
  /** "ok", the first error's extensions.code, "HTTP <status>" or "network <cause>". */
  outcome: string;
  httpStatus?: number;
}

/** A failure the client may try again: the contract's code for a service that is briefly away. */
export const RETRYABLE = ErrorCode.SERVICE_UNAVAILABLE;
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_IN_FLIGHT = 400;

interface Operation {
  id: string;
  name: string;
  body: string;
}

export function loadOperations(manifestPath: string): Map<string, Operation> {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { operations: Operation[] };
  return new Map(manifest.operations.map((operation) => [operation.name, operation]));
}

interface Customer {
  email: string;
  token: string;
  orders: string[];
}

interface TrackedOrder {
  id: string;
  customer: Customer;
  status: OrderStatus;
  placedAt: number;
  /** A mutation is under way, or one failed and left its outcome unknown: no more changes. */
  busy: boolean;
}

type Result = { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };

export function createTraffic(options: { gatewayUrl: string; operations: Map<string, Operation>; admin: { email: string; password: string } }) {
  const { gatewayUrl, operations } = options;
  const samples: Sample[] = [];
  const customers: Customer[] = [];
  const orders: TrackedOrder[] = [];
  let adminToken = "";
  let productIds: string[] = [];
  let inFlight = 0;
  // Start times of the requests under way, so a phase's figures wait for its last answers.
  const pending = new Set<number>();
  let overloaded = 0;
  const replays = { sent: 0, sameOrder: 0, otherOrder: 0 };

  async function send(kind: Sample["kind"], name: string, variables: Record<string, unknown>, token?: string): Promise<{ sample: Sample; result?: Result }> {
    const operation = operations.get(name);
    if (!operation) throw new Error(`${name} is not a registered operation (schema/operations)`);
    const startedAt = performance.now();
    inFlight++;
    pending.add(startedAt);
    let outcome: string;
    let httpStatus: number | undefined;
    let result: Result | undefined;
    try {
      const response = await fetch(gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      httpStatus = response.status;
      const text = await response.text();
      try {
        result = JSON.parse(text) as Result;
      } catch {
        result = undefined;
      }
      const code = result?.errors?.length ? (result.errors[0]!.extensions?.code ?? "NO_CODE") : undefined;
      outcome = response.status >= 300 ? `HTTP ${response.status}${code ? ` ${code}` : ""}` : (code ?? (result?.data ? "ok" : "NO_DATA"));
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      outcome = `network ${cause}`;
    } finally {
      inFlight--;
      pending.delete(startedAt);
    }
    const sample: Sample = { kind, operation: name, startedAt, endedAt: performance.now(), outcome, httpStatus };
    samples.push(sample);
    return { sample, result };
  }

  function mustSucceed(what: string, { sample, result }: { sample: Sample; result?: Result }): Record<string, any> {
    if (sample.outcome !== "ok") throw new Error(`${what} failed before the phases began: ${sample.outcome}`);
    return result!.data!;
  }

  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

  // The SPA's reads, weighted as its pages are visited.
  const READS: [weight: number, read: () => Promise<unknown>][] = [
    [30, () => send("read", "Catalogue", { first: 20 })],
    [15, () => send("read", "Product", { id: pick(productIds) })],
    [5, () => send("read", "Categories", {})],
    [10, () => send("read", "Me", {}, pick(customers).token)],
    [15, () => send("read", "MyOrders", { first: 5 }, pick(customers).token)],
    [15, () => {
      const customer = pick(customers.filter((candidate) => candidate.orders.length > 0).concat(customers[0]!));
      return customer.orders.length > 0 ? send("read", "Order", { id: pick(customer.orders) }, customer.token) : send("read", "Me", {}, customer.token);
    }],
    [10, () => send("read", "Notifications", { first: 10 }, pick(customers).token)],
  ];
  const totalWeight = READS.reduce((sum, [weight]) => sum + weight, 0);
  function randomRead() {
    let roll = Math.random() * totalWeight;
    for (const [weight, read] of READS) {
      roll -= weight;
      if (roll < 0) return read();
    }
    return READS[0]![1]();
  }

  /** A placeOrder tried again with the same key while the answer is retryable; its order id once placed. */
  async function placeOrder(customer: Customer): Promise<void> {
    const idempotencyKey = `chaos-${randomUUID()}`;
    const items = [...new Set([pick(productIds), pick(productIds)])].map((productId) => ({ productId, quantity: 1 }));
    const input = { idempotencyKey, items };
    for (let attempt = 0; attempt < 6; attempt++) {
      const { sample, result } = await send("write", "PlaceOrder", { input }, customer.token);
      if (sample.outcome === "ok") {
        const id = result!.data!.placeOrder.id as string;
        customer.orders.push(id);
        orders.push({ id, customer, status: "PENDING", placedAt: performance.now(), busy: false });
        onOrderPlaced?.(id, customer);
        // Every fifth order: the same request again, as a client that never saw the answer would send it.
        if (orders.length % 5 === 0) {
          replays.sent++;
          const replay = await send("write", "PlaceOrder", { input }, customer.token);
          if (replay.sample.outcome === "ok") {
            if (replay.result!.data!.placeOrder.id === id) replays.sameOrder++;
            else replays.otherOrder++;
          }
        }
        return;
      }
      if (!isRetryable(sample.outcome)) return;
      await sleep(250 * (attempt + 1));
    }
  }

  /** One legal move of an order at least two seconds old (its subscriber has subscribed by then). */
  async function changeOrder(order: TrackedOrder): Promise<void> {
    order.busy = true;
    const to = pick(ORDER_STATUS_MOVES[order.status].filter((status) => status !== "DELIVERED"));
    const { sample, result } =
      to === "CANCELLED" && order.status === "PENDING"
        ? await send("write", "CancelOrder", { id: order.id, reason: "chaos: changed my mind" }, order.customer.token)
        : await send("write", "UpdateOrderStatus", { id: order.id, status: to }, adminToken);
    if (sample.outcome !== "ok") return; // Its outcome is unknown: the order is left alone from now on.
    order.status = (result!.data!.cancelOrder ?? result!.data!.updateOrderStatus).status as OrderStatus;
    order.busy = false;
  }

  let onOrderPlaced: ((id: string, customer: Customer) => void) | undefined;
  let running = false;
  const loops: Promise<void>[] = [];

  return {
    samples,
    orders,
    customers,
    replays,
    overloaded: () => overloaded,
    /** Sign-ups through the gateway, the administrator's login and the catalogue's product ids. */
    async prepare(customerCount: number) {
      for (let index = 0; index < customerCount; index++) {
        const email = `chaos-${randomUUID().slice(0, 8)}@chaos.local`;
        const data = mustSucceed("Register", await send("write", "Register", { input: { email, password: "chaos-customer-password", name: `Chaos customer ${index + 1}` } }));
        customers.push({ email, token: data.register.token, orders: [] });
      }
      adminToken = mustSucceed("Login (admin)", await send("write", "Login", options.admin)).login.token;
      const catalogue = mustSucceed("Catalogue", await send("read", "Catalogue", { first: 50 }));
      productIds = catalogue.products.edges.map((edge: { node: { id: string } }) => edge.node.id);
      if (productIds.length === 0) throw new Error("the catalogue is empty: the seed did not run");
      // Stock enough for every order of the run: a sold-out product would be a refusal, not a fault.
      for (const productId of productIds) mustSucceed("AdjustStock", await send("write", "AdjustStock", { productId, delta: 100_000 }, adminToken));
      samples.length = 0;
      return { productIds };
    },
    /** Resolves once every request sent before `time` has its answer. */
    async settled(time: number) {
      while ([...pending].some((startedAt) => startedAt < time)) await sleep(100);
    },
    onOrderPlaced(listener: (id: string, customer: Customer) => void) {
      onOrderPlaced = listener;
    },
    /** Reads at `readsPerSecond`, open loop (a slow answer does not slow the sending), and one write every `writeIntervalMs`. */
    start(readsPerSecond: number, writeIntervalMs: number) {
      running = true;
      loops.push(
        (async () => {
          const interval = 1000 / readsPerSecond;
          let next = performance.now();
          while (running) {
            if (inFlight < MAX_IN_FLIGHT) void randomRead();
            else overloaded++;
            next += interval;
            await sleep(Math.max(0, next - performance.now()));
          }
        })(),
        (async () => {
          let writes = 0;
          while (running) {
            const ready = orders.filter((order) => !order.busy && ORDER_STATUS_MOVES[order.status].length > 0 && order.status !== "SHIPPED" && performance.now() - order.placedAt > 2000);
            const customer = pick(customers);
            void (ready.length > 0 && writes++ % 2 === 1 ? changeOrder(pick(ready)) : placeOrder(customer));
            await sleep(writeIntervalMs);
          }
        })(),
      );
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      // Whatever is still in flight finishes (bounded by REQUEST_TIMEOUT_MS).
      while (inFlight > 0) await sleep(100);
    },
  };
}

export function isRetryable(outcome: string): boolean {
  return outcome === RETRYABLE || outcome.startsWith("network ");
}

export type Traffic = ReturnType<typeof createTraffic>;

/**
 * A few customers' graphql-ws connections, each subscribed to orderStatusChanged for its own
 * orders, reconnecting (and so resubscribing, `after` the last event it got) whenever the
 * connection drops. What each gets is
 * counted per order, to be compared with the orders' history afterwards.
 */
export function createSubscribers(options: { gatewayUrl: string; operations: Map<string, Operation>; customers: Customer[]; perConnection: number }) {
  const query = options.operations.get("OrderStatusChanged")!.body;
  const received = new Map<string, { statuses: OrderStatus[] }>();
  const subscribers = options.customers.map((customer) => {
    let connections = 0;
    const client: Client = createClient({
      url: options.gatewayUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${customer.token}` },
      lazy: false,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      retryWait: () => sleep(200 + Math.random() * 300),
      on: { connected: () => void connections++ },
    });
    return { customer, client, active: new Map<string, () => void>(), connections: () => connections };
  });

  return {
    received,
    reconnects: () => subscribers.reduce((sum, subscriber) => sum + Math.max(0, subscriber.connections() - 1), 0),
    subscribedOrders: () => subscribers.map((subscriber) => ({ email: subscriber.customer.email, orders: [...received.keys()].filter((id) => subscriber.customer.orders.includes(id)) })),
    /** Subscribes to a new order of one of these customers, while its connection has room. */
    follow(orderId: string, customer: Customer) {
      const subscriber = subscribers.find((candidate) => candidate.customer === customer);
      if (!subscriber || subscriber.active.size >= options.perConnection) return;
      const record = { statuses: [] as OrderStatus[] };
      received.set(orderId, record);
      // From the order's beginning ("0"), as an order page does, and graphql-ws sends these same
      // variables again on every reconnect, with the position of the last event received as
      // `after`: the gateway first replays what was missed, so nothing is lost even when the
      // connection drops before the first event.
      const variables: { orderId: string; after: string } = { orderId, after: "0" };
      const unsubscribe = subscriber.client.subscribe(
        { query, variables },
        {
          next: (result) => {
            const position = (result.extensions as { position?: unknown } | undefined)?.position;
            if (typeof position === "string") variables.after = position;
            const status = (result.data as { orderStatusChanged?: { status: OrderStatus } } | undefined)?.orderStatusChanged?.status;
            if (status) record.statuses.push(status);
            // A final status: nothing more will come, and the connection's room is freed.
            if (status && ORDER_STATUS_MOVES[status].filter((next) => next !== "DELIVERED").length === 0) {
              subscriber.active.get(orderId)?.();
              subscriber.active.delete(orderId);
            }
          },
          error: () => subscriber.active.delete(orderId),
          complete: () => subscriber.active.delete(orderId),
        },
      );
      subscriber.active.set(orderId, unsubscribe);
    },
    async close() {
      await Promise.all(subscribers.map((subscriber) => subscriber.client.dispose()));
    },
  };
}
