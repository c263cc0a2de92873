// Who may do what through the gateway, as one table: every operation of the public API (each
// root field of the contract and the supergraph, internal ones included), every place where an
// entity crosses from one subgraph to another, and both subscription transports, each asked by
// an anonymous caller, the customer who owns the data, another customer and an ADMIN, and by
// two tokens that prove nobody: one that is not a token, and one well signed for an ADMIN
// account that does not exist. The lists of root fields and entity crossings are read from
// the schemas, so a field added without a row here fails the coverage test.
import { randomUUID } from "node:crypto";
import { Role as AccountRole } from "@shop/auth";
import { eventNames } from "@shop/events";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dataOf, gql, login, registerCustomer, unique, type GraphQLResult } from "../support/client.ts";
import { entityReferences, rootFieldCoordinates } from "../support/schemas.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { channelListeners, collect, multipartSubscribe, wsClient } from "../support/subscriptions.ts";
import { runTokens } from "../support/tokens.ts";

const ROLES = ["anonymous", "customer", "otherCustomer", "admin", "invalidToken", "ghostAdmin"] as const;
type Role = (typeof ROLES)[number];

/** "data": the value at the row's path is there; "null": it is null; otherwise the only error's code. */
type Outcome = "data" | "null" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_USER_INPUT";

/**
 * Outcomes in the order anonymous, customer, otherCustomer, admin, so that each row reads as
 * one line of the matrix. A token that proves nobody gets what an anonymous caller gets, but
 * UNAUTHENTICATED where anonymity is answered with null: the caller meant to be someone.
 */
const by = (anonymous: Outcome, customer: Outcome, otherCustomer: Outcome, admin: Outcome): Record<Role, Outcome> => {
  const nobody = anonymous === "null" ? "UNAUTHENTICATED" : anonymous;
  return { anonymous, customer, otherCustomer, admin, invalidToken: nobody, ghostAdmin: nobody };
};
const everyone = (outcome: Outcome) => by(outcome, outcome, outcome, outcome);

/** What the rows act on: the customer's order and notification, and a product on sale. */
interface World {
  token: Record<Role, string | undefined>;
  userId: Record<Role, string | undefined>;
  customer: { email: string; password: string };
  productId: string;
  orderId: string;
  notificationId: string;
  /** A new PENDING order of the customer, for rows that change an order's state. */
  freshOrder(): Promise<string>;
  /** Makes the orders subgraph announce a change of the customer's order. */
  confirm(orderId: string): Promise<void>;
  /** Makes a notification for the role's user: an order they place is announced to them. */
  placeOrderAs(role: Role): Promise<string>;
  /** Another token of the role's user (a new login); the role's own token for the others. */
  newSession(role: Role): Promise<string | undefined>;
}

interface Row {
  name: string;
  /** Root fields ("Query.order") and entity crossings ("User@orders") this row exercises. */
  covers: string[];
  query: string;
  variables?: (world: World, role: Role) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The token to send, when not the role's own. */
  token?: (world: World, role: Role) => Promise<string | undefined>;
  /** Dotted path, through list indexes, to the value that "data" and "null" are about. */
  at: string;
  expected: Record<Role, Outcome>;
}

interface SubscriptionRow extends Row {
  /** The live channel the subscription listens to, and what makes an event on it. */
  channel?: (world: World, role: Role, variables: Record<string, unknown>) => string;
  trigger?: (world: World, role: Role, variables: Record<string, unknown>) => Promise<unknown>;
}

const unknownId = randomUUID();
// A position before every notification, in the feed's cursor format ([createdAt, id] as base64url JSON).
const BEFORE_ANY_NOTIFICATION = Buffer.from(JSON.stringify(["2000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
// Internal fields are @inaccessible: the gateway's API schema has no such field to run.
const internal = (query: string) => ({ query, at: "", expected: everyone("BAD_USER_INPUT") });

const QUERIES: Row[] = [
  { name: "me", covers: ["Query.me"], query: `{ me { id email } }`, at: "me", expected: by("null", "data", "data", "data") },
  { name: "product", covers: ["Query.product"], query: `query($id: ID!) { product(id: $id) { id name stock } }`, variables: (w) => ({ id: w.productId }), at: "product", expected: everyone("data") },
  { name: "products", covers: ["Query.products"], query: `{ products(first: 5) { totalCount edges { node { id } } } }`, at: "products.edges.0.node.id", expected: everyone("data") },
  { name: "categories", covers: ["Query.categories"], query: `{ categories }`, at: "categories.0", expected: everyone("data") },
  { name: "order", covers: ["Query.order"], query: `query($id: ID!) { order(id: $id) { id status } }`, variables: (w) => ({ id: w.orderId }), at: "order", expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data") },
  { name: "order that does not exist", covers: ["Query.order"], query: `query($id: ID!) { order(id: $id) { id } }`, variables: () => ({ id: unknownId }), at: "order", expected: by("UNAUTHENTICATED", "null", "null", "null") },
  { name: "notification", covers: ["Query.notification"], query: `query($id: ID!) { notification(id: $id) { id subject } }`, variables: (w) => ({ id: w.notificationId }), at: "notification", expected: by("UNAUTHENTICATED", "data", "null", "null") },
  { name: "orderIds (internal)", covers: ["Query.orderIds"], ...internal(`query($id: ID!) { orderIds(ids: [$id]) }`), variables: (w) => ({ id: w.orderId }) },
  { name: "orderEventsAfter (internal)", covers: ["Query.orderEventsAfter"], ...internal(`query($id: ID!) { orderEventsAfter(orderId: $id, after: "0") { position } }`), variables: (w) => ({ id: w.orderId }) },
  { name: "notificationsAfter (internal)", covers: ["Query.notificationsAfter"], ...internal(`query($after: String!) { notificationsAfter(after: $after) { position } }`), variables: () => ({ after: BEFORE_ANY_NOTIFICATION }) },
  { name: "userContacts (internal)", covers: ["Query.userContacts"], ...internal(`query($id: ID!) { userContacts(ids: [$id]) { email } }`), variables: (w) => ({ id: w.userId.customer }) },
];

const MUTATIONS: Row[] = [
  {
    name: "register",
    covers: ["Mutation.register", "User@users"],
    query: `mutation($input: RegisterInput!) { register(input: $input) { token user { email phone } } }`,
    variables: () => ({ input: { email: `${unique("matrix")}@test.shop`, password: "matrix-password", name: "Matrix", phone: "+14155550100" } }),
    // Someone who has just proved who they are sees their own account, whatever token they carry.
    at: "register.user.phone",
    expected: everyone("data"),
  },
  {
    name: "login",
    covers: ["Mutation.login"],
    query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token user { email } } }`,
    variables: (w) => w.customer,
    at: "login.user.email",
    expected: everyone("data"),
  },
  {
    name: "logout",
    covers: ["Mutation.logout"],
    query: `mutation { logout }`,
    // A session of its own for each signed-in role, so that the other rows keep theirs.
    token: (w, role) => w.newSession(role),
    at: "logout",
    expected: by("UNAUTHENTICATED", "data", "data", "data"),
  },
  {
    name: "login → user → orders",
    covers: ["Mutation.login", "User@orders"],
    query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { user { orders { totalCount } } } }`,
    variables: (w) => w.customer,
    // The orders subgraph judges by the token the request carries, not the sign-in it contains.
    at: "login.user.orders.totalCount",
    expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data"),
  },
  {
    name: "createProduct",
    covers: ["Mutation.createProduct"],
    query: `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    variables: () => ({ input: { sku: unique("MATRIX").toUpperCase(), name: "Matrix widget", priceCents: 100, currency: "EUR", stock: 1 } }),
    at: "createProduct",
    expected: by("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "data"),
  },
  {
    name: "updateProduct",
    covers: ["Mutation.updateProduct"],
    query: `mutation($id: ID!) { updateProduct(id: $id, input: { description: "Renamed by the matrix" }) { id } }`,
    variables: (w) => ({ id: w.productId }),
    at: "updateProduct",
    expected: by("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "data"),
  },
  {
    name: "adjustStock",
    covers: ["Mutation.adjustStock"],
    query: `mutation($id: ID!) { adjustStock(productId: $id, delta: 1) { stock } }`,
    variables: (w) => ({ id: w.productId }),
    at: "adjustStock",
    expected: by("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "data"),
  },
  {
    name: "placeOrder → user, items → product",
    covers: ["Mutation.placeOrder", "User@users", "Product@products"],
    query: `mutation($id: ID!) { placeOrder(input: { items: [{ productId: $id, quantity: 1 }] }) { id user { email } items { product { name } } } }`,
    variables: (w) => ({ id: w.productId }),
    at: "placeOrder.items.0.product.name",
    expected: by("UNAUTHENTICATED", "data", "data", "data"),
  },
  {
    name: "cancelOrder",
    covers: ["Mutation.cancelOrder"],
    query: `mutation($id: ID!) { cancelOrder(id: $id) { status } }`,
    variables: async (w) => ({ id: await w.freshOrder() }),
    at: "cancelOrder",
    expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data"),
  },
  {
    name: "cancelOrder of an order that does not exist",
    covers: ["Mutation.cancelOrder"],
    query: `mutation($id: ID!) { cancelOrder(id: $id) { status } }`,
    variables: () => ({ id: unknownId }),
    at: "cancelOrder",
    expected: by("UNAUTHENTICATED", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"),
  },
  {
    name: "updateOrderStatus → user",
    covers: ["Mutation.updateOrderStatus", "User@users"],
    query: `mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { status user { email } } }`,
    variables: async (w) => ({ id: await w.freshOrder() }),
    at: "updateOrderStatus.user.email",
    expected: by("UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "data"),
  },
  {
    name: "markNotificationRead",
    covers: ["Mutation.markNotificationRead"],
    query: `mutation($id: ID!) { markNotificationRead(id: $id) { read } }`,
    variables: (w) => ({ id: w.notificationId }),
    // Someone else's notification answers exactly like a missing one, an ADMIN's request too.
    at: "markNotificationRead",
    expected: by("UNAUTHENTICATED", "data", "NOT_FOUND", "NOT_FOUND"),
  },
  {
    name: "createNotification (internal)",
    covers: ["Mutation.createNotification"],
    ...internal(`mutation($id: ID!) { createNotification(input: { userId: $id, channel: IN_APP, subject: "s", body: "b" }) { id } }`),
    variables: (w) => ({ id: w.userId.customer }),
  },
  {
    name: "reserveStock (internal)",
    covers: ["Mutation.reserveStock"],
    ...internal(`mutation($id: ID!) { reserveStock(input: { orderId: $id, items: [{ productId: $id, quantity: 1 }] }) { orderId } }`),
    variables: () => ({ id: randomUUID() }),
  },
  { name: "releaseStock (internal)", covers: ["Mutation.releaseStock"], ...internal(`mutation($id: ID!) { releaseStock(orderId: $id) { orderId } }`), variables: (w) => ({ id: w.orderId }) },
];

const ENTITY_PATHS: Row[] = [
  { name: "order → user (with phone)", covers: ["User@users"], query: `query($id: ID!) { order(id: $id) { user { id email name phone } } }`, variables: (w) => ({ id: w.orderId }), at: "order.user.phone", expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data") },
  { name: "order → user → orders", covers: ["User@orders"], query: `query($id: ID!) { order(id: $id) { user { orders { totalCount edges { node { id } } } } } }`, variables: (w) => ({ id: w.orderId }), at: "order.user.orders.edges.0.node.id", expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data") },
  // A notification can quote private details: not even an ADMIN reads someone else's.
  { name: "order → user → notifications", covers: ["User@notifications"], query: `query($id: ID!) { order(id: $id) { user { notifications { totalCount } } } }`, variables: (w) => ({ id: w.orderId }), at: "order.user.notifications.totalCount", expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "FORBIDDEN") },
  { name: "order → items → product", covers: ["Product@products"], query: `query($id: ID!) { order(id: $id) { items { quantity product { name priceCents } } } }`, variables: (w) => ({ id: w.orderId }), at: "order.items.0.product.name", expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data") },
  { name: "notification → order → user", covers: ["Order@orders", "User@users"], query: `query($id: ID!) { notification(id: $id) { order { id status user { email } } } }`, variables: (w) => ({ id: w.notificationId }), at: "notification.order.user.email", expected: by("UNAUTHENTICATED", "data", "null", "null") },
  { name: "me → orders → user, product", covers: ["User@orders", "User@users", "Product@products"], query: `{ me { orders(first: 5) { totalCount edges { node { user { email } items { product { name } } } } } } }`, at: "me.orders.totalCount", expected: by("null", "data", "data", "data") },
  { name: "me → notifications → order", covers: ["User@notifications", "Order@orders"], query: `{ me { notifications(first: 5) { totalCount edges { node { order { id } } } } } }`, at: "me.notifications.totalCount", expected: by("null", "data", "data", "data") },
];

const SUBSCRIPTIONS: SubscriptionRow[] = [
  {
    name: "orderStatusChanged → user, items → product",
    covers: ["Subscription.orderStatusChanged", "User@users", "Product@products"],
    query: `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status user { email } items { product { name } } } }`,
    variables: async (w) => ({ id: await w.freshOrder() }),
    channel: (_w, _role, variables) => names().orderChannel(String(variables.id)),
    trigger: (w, _role, variables) => w.confirm(String(variables.id)),
    at: "orderStatusChanged.items.0.product.name",
    expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data"),
  },
  {
    name: "orderStatusChanged of an order that does not exist",
    covers: ["Subscription.orderStatusChanged"],
    query: `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }`,
    variables: () => ({ id: unknownId }),
    at: "orderStatusChanged",
    expected: by("UNAUTHENTICATED", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"),
  },
  {
    name: "notificationAdded → order",
    covers: ["Subscription.notificationAdded", "Order@orders"],
    query: `subscription { notificationAdded { id subject order { id } } }`,
    channel: (w, role) => names().userChannel(w.userId[role] ?? "anonymous"),
    trigger: (w, role) => w.placeOrderAs(role),
    at: "notificationAdded.order.id",
    expected: by("UNAUTHENTICATED", "data", "data", "data"),
  },
  // Resumed: what was missed is replayed at once, authorized as live payloads are.
  {
    name: "orderStatusChanged resumed after a position",
    covers: ["Subscription.orderStatusChanged"],
    query: `subscription($id: ID!) { orderStatusChanged(orderId: $id, after: "0") { status } }`,
    variables: (w) => ({ id: w.orderId }),
    at: "orderStatusChanged.status",
    expected: by("UNAUTHENTICATED", "data", "FORBIDDEN", "data"),
  },
  {
    // After the row above, every signed-in role has a notification of its own to be replayed.
    name: "notificationAdded resumed after a position",
    covers: ["Subscription.notificationAdded", "Order@orders"],
    query: `subscription($after: String) { notificationAdded(after: $after) { id order { id } } }`,
    variables: () => ({ after: BEFORE_ANY_NOTIFICATION }),
    at: "notificationAdded.order.id",
    expected: by("UNAUTHENTICATED", "data", "data", "data"),
  },
];

let stack: Stack;
let world: World;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const names = () => eventNames(stack.env.EVENTS_NAMESPACE);

beforeAll(async () => {
  stack = await startStack();
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const customer = await registerCustomer(url, { phone: "+14155550123" });
  const other = await registerCustomer(url);
  const product = { sku: unique("MATRIX").toUpperCase(), name: "Matrix product", priceCents: 500, currency: "EUR", category: "Matrix", stock: 1000 };
  const productId = dataOf(await gql(url, `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input: product }, admin.token)).createProduct.id as string;
  // Signed as the users service signs, for an account that was never created (or was deleted).
  const ghostId = randomUUID();
  const ghost = await runTokens.signUser(ghostId, AccountRole.ADMIN);
  const token: Record<Role, string | undefined> = { anonymous: undefined, customer: customer.token, otherCustomer: other.token, admin: admin.token, invalidToken: "not-a-token", ghostAdmin: ghost.token };
  const placeOrderAs = async (role: Role) => {
    const place = `mutation($id: ID!) { placeOrder(input: { items: [{ productId: $id, quantity: 1 }] }) { id } }`;
    return dataOf(await gql(url, place, { id: productId }, token[role])).placeOrder.id as string;
  };
  const orderId = await placeOrderAs("customer");
  // The order's IN_APP notification comes through the events pipeline a moment later.
  const notificationAbout = async () => {
    const feed = dataOf(await gql(url, `{ me { notifications(first: 20) { edges { node { id channel order { id } } } } } }`, {}, customer.token)).me.notifications.edges;
    const id = feed.map((edge: any) => edge.node).find((node: any) => node.channel === "IN_APP" && node.order?.id === orderId)?.id;
    if (!id) throw new Error(`no IN_APP notification about order ${orderId} yet`);
    return id as string;
  };
  const notificationId = await vi.waitFor(notificationAbout, { timeout: 15_000, interval: 100 });
  world = {
    token,
    userId: { anonymous: undefined, customer: customer.id, otherCustomer: other.id, admin: admin.id, invalidToken: undefined, ghostAdmin: ghostId },
    customer: { email: customer.email, password: "customer-password" },
    productId,
    orderId,
    notificationId,
    freshOrder: () => placeOrderAs("customer"),
    async confirm(id) {
      dataOf(await gql(url, `mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { status } }`, { id }, admin.token));
    },
    placeOrderAs,
    async newSession(role) {
      const accounts: Partial<Record<Role, string>> = { customer: customer.email, otherCustomer: other.email };
      if (role === "admin") return (await login(url, ADMIN.email, ADMIN.password)).token;
      const email = accounts[role];
      return email ? (await login(url, email, "customer-password")).token : token[role];
    },
  };
}, 60_000);

afterAll(() => stack?.stop());

/** The value at a dotted path ("order.items.0.product"): null from the first null on the way, undefined where the path breaks off. */
function valueAt(data: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value === null ? null : value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), data);
}

function outcomeOf(result: GraphQLResult | undefined, at: string): string {
  if (!result) return "no result";
  if (result.errors?.length) return result.errors.map((error) => String(error.extensions?.code)).join(",");
  const value = valueAt(result.data, at);
  if (value === undefined) return `nothing at ${at}`;
  return value === null ? "null" : "data";
}

const cells = <R extends Row>(rows: R[]) => rows.flatMap((row) => ROLES.map((role) => ({ name: row.name, role, expected: row.expected[role], row })));

describe("the authorization matrix", () => {
  it("has a row for every root field and every entity crossing of the schema, and none for what is gone", () => {
    const rows = [...QUERIES, ...MUTATIONS, ...ENTITY_PATHS, ...SUBSCRIPTIONS];
    const covered = new Set(rows.flatMap((row) => row.covers));
    const required = new Set([...rootFieldCoordinates(), ...entityReferences()]);
    expect([...required].filter((coordinate) => !covered.has(coordinate)).sort()).toEqual([]);
    expect([...covered].filter((coordinate) => !required.has(coordinate)).sort()).toEqual([]);
  });

  it.each(cells([...QUERIES, ...MUTATIONS, ...ENTITY_PATHS]))("$name as $role: $expected", async ({ role, expected, row }) => {
    const variables = (await row.variables?.(world, role)) ?? {};
    const result = await gql(stack.gatewayUrl, row.query, variables, row.token ? await row.token(world, role) : world.token[role]);
    expect(outcomeOf(result, row.at), JSON.stringify(result.errors)).toBe(expected);
  });

  const transports = {
    /** graphql-ws: a refusal comes as an error message, or as one result followed by complete. */
    async websocket(query: string, variables: Record<string, unknown>, token?: string) {
      const client = wsClient(stack.gatewayUrl, token);
      const subscription = collect(client, query, variables);
      let failure: GraphQLResult | undefined;
      void subscription.done.then((error) => (failure = { errors: Array.isArray(error) ? error : [{ message: `closed: ${String(error)}`, extensions: { code: "CLOSED" } }] }));
      return {
        first: () => subscription.results[0] ?? failure,
        close: () => (subscription.unsubscribe(), client.dispose()),
      };
    },
    async multipart(query: string, variables: Record<string, unknown>, token?: string) {
      const stream = await multipartSubscribe(stack.gatewayUrl, query, variables, token);
      return { first: () => stream.refusal ?? stream.payloads[0], close: () => (stream.close(), stream.reading) };
    },
  };

  const subscriptionCells = cells(SUBSCRIPTIONS).flatMap((cell) => (Object.keys(transports) as (keyof typeof transports)[]).map((transport) => ({ ...cell, transport })));

  it.each(subscriptionCells)("$name as $role: $expected ($transport)", async ({ role, expected, row, transport }) => {
    const variables = (await row.variables?.(world, role)) ?? {};
    const subscription = await transports[transport](row.query, variables, world.token[role]);
    const channel = row.channel?.(world, role, variables);
    try {
      if (channel && row.trigger) {
        // Once it listens, and unless it has been refused, make the event it waits for.
        const deadline = Date.now() + 5_000;
        const listening = async () => (await channelListeners(redisUrl, channel)) > 0;
        while (subscription.first() === undefined && !(await listening()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        if (subscription.first() === undefined && (await listening())) await row.trigger(world, role, variables);
      }
      await expect.poll(() => subscription.first() !== undefined, { timeout: 15_000, interval: 50 }).toBe(true);
      expect(outcomeOf(subscription.first(), row.at), JSON.stringify(subscription.first())).toBe(expected);
    } finally {
      await subscription.close();
      // The next cell may listen on the same channel: it must not take this one for itself.
      if (channel) await expect.poll(() => channelListeners(redisUrl, channel), { timeout: 5_000, interval: 50 }).toBe(0);
    }
  });
});
