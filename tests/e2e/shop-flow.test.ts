import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenService } from "@shop/auth";
import { generateSigningKey, PUBLISHED_SECRETS } from "@shop/config";
import { loadUsersConfig } from "@shop/users-subgraph/config";
import { codesOf, dataOf, gql, login, subgraphGql, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { signedWithSecret } from "../support/tokens.ts";

let stack: Stack;
let url: string;
let adminToken: string;

const CREATE_PRODUCT = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) {
    createProduct(input: $input) { id sku name priceCents currency category stock }
  }
`;
const PLACE_ORDER = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status totalCents currency items { quantity unitPriceCents product { id name } } }
  }
`;
const ORDER_DETAILS = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) {
      id status totalCents currency createdAt updatedAt
      user { id email name }
      items { quantity unitPriceCents product { id sku name priceCents stock } }
      history { status at reason }
    }
  }
`;
const STOCK = `query Stock($id: ID!) { product(id: $id) { stock } }`;

async function createProduct(overrides: Record<string, unknown> = {}) {
  const sku = unique("SKU").toUpperCase();
  const input = { sku, name: `Widget ${sku}`, description: "A useful widget", priceCents: 1250, currency: "EUR", category: "Widgets", stock: 10, ...overrides };
  return dataOf(await gql<{ createProduct: { id: string; sku: string; stock: number } }>(url, CREATE_PRODUCT, { input }, adminToken)).createProduct;
}

async function stockOf(id: string): Promise<number> {
  return dataOf(await gql<{ product: { stock: number } }>(url, STOCK, { id })).product.stock;
}

beforeAll(async () => {
  stack = await startStack();
  url = stack.gatewayUrl;
  adminToken = (await login(url, ADMIN.email, ADMIN.password)).token;
});

afterAll(() => stack?.stop());

describe("accounts", () => {
  it("registers, logs in case-insensitively and answers me", async () => {
    const customer = await registerCustomer(url);
    const again = await login(url, customer.email.toUpperCase(), "customer-password");
    expect(again.id).toBe(customer.id);
    const me = dataOf(await gql(url, `{ me { id email role name createdAt } }`, {}, again.token)).me;
    expect(me).toMatchObject({ id: customer.id, email: customer.email, role: "CUSTOMER", name: "Test Customer" });
    expect(dataOf(await gql(url, `{ me { id } }`)).me).toBeNull();
  });

  it("refuses a duplicate e-mail, a short password and a wrong password with contract codes", async () => {
    const customer = await registerCustomer(url);
    const register = `mutation R($input: RegisterInput!) { register(input: $input) { token } }`;
    const duplicate = await gql(url, register, { input: { email: customer.email.toUpperCase(), password: "long-enough", name: "Dup" } });
    expect(codesOf(duplicate)).toEqual(["CONFLICT"]);
    const short = await gql(url, register, { input: { email: `${unique("s")}@test.shop`, password: "short", name: "S" } });
    expect(codesOf(short)).toEqual(["BAD_USER_INPUT"]);
    const wrong = await gql(url, `mutation { login(email: "${customer.email}", password: "wrong-password") { token } }`);
    expect(codesOf(wrong)).toEqual(["UNAUTHENTICATED"]);
    expect(JSON.stringify(wrong)).not.toMatch(/stack|prisma|password_hash/i);
  });

  it("never returns the password or its hash", async () => {
    const result = await gql(url, `{ __type(name: "User") { fields { name } } }`);
    const fields = dataOf(result).__type.fields.map((field: { name: string }) => field.name);
    expect(fields).not.toContain("password");
    expect(fields).not.toContain("passwordHash");
  });

  it("says UNAUTHENTICATED for a forged or malformed token", async () => {
    expect(codesOf(await gql(url, `{ me { id } }`, {}, "not-a-jwt"))).toEqual(["UNAUTHENTICATED"]);
    const customer = await registerCustomer(url);
    // A key pair of someone else's under this run's kid, and every secret ever published in the repository
    // (user tokens were HS256 under such a secret before).
    const { kid } = loadUsersConfig().tokenKeys.privateKey!;
    const foreign = { ...generateSigningKey().privateKey, kid };
    const forgedTokens = [
      (await createTokenService({ publicKeys: [], privateKey: foreign }).signUser(customer.id, "ADMIN")).token,
      ...(await Promise.all(PUBLISHED_SECRETS.map((secret) => signedWithSecret(secret, customer.id, "ADMIN")))),
    ];
    const create = `mutation { createProduct(input: { sku: "FORGED-1", name: "x", priceCents: 1, currency: "EUR", stock: 1 }) { id } }`;
    for (const forged of forgedTokens) {
      expect(codesOf(await gql(url, `{ me { id } }`, {}, forged))).toEqual(["UNAUTHENTICATED"]);
      expect(codesOf(await gql(url, create, {}, forged))).toEqual(["UNAUTHENTICATED"]);
    }
  });
});

describe("catalogue", () => {
  it("finds products by case-insensitive search and by category, page by page", async () => {
    const marker = unique("zebra");
    const category = unique("Cat");
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await createProduct({ name: `Striped ${marker.toUpperCase()} ${i}`, category }));
    }
    await createProduct({ name: "Plain", description: `mentions ${marker} in the description`, category: "Other" });

    const search = `query S($search: String, $category: String, $after: String) {
      products(first: 2, search: $search, category: $category, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name category } }
      }
    }`;
    const bySearch = dataOf(await gql(url, search, { search: marker })).products;
    expect(bySearch.totalCount).toBe(4);
    const byCategory = dataOf(await gql(url, search, { category: category.toLowerCase() })).products;
    expect(byCategory.totalCount).toBe(3);
    expect(byCategory.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await gql(url, search, { category, after: byCategory.pageInfo.endCursor })).products;
    expect(next.pageInfo.hasNextPage).toBe(false);
    const seen = [...byCategory.edges, ...next.edges].map((edge: { node: { id: string } }) => edge.node.id);
    expect(new Set(seen)).toEqual(new Set(made.map((product) => product.id)));

    expect(codesOf(await gql(url, search, { after: "garbage" }))).toEqual(["BAD_USER_INPUT"]);
    expect(dataOf(await gql(url, `{ categories }`)).categories).toContain(category);
  });

  it("matches a search's %, _ and \\ literally, and counts every match past the last page", async () => {
    const marker = unique("pct");
    const literal = await createProduct({ name: `${marker} 100% wool_blend \\ soft` });
    const percentDecoy = await createProduct({ name: `${marker} 1000 wool` });
    const underscoreDecoy = await createProduct({ name: `${marker} 100% woolXblend` });
    const search = `query S($search: String, $after: String) { products(first: 1, search: $search, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const found = async (text: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = dataOf(await gql(url, search, { search: text, after })).products;
        ids.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
        if (!page.pageInfo.hasNextPage) return { totalCount: page.totalCount, ids: new Set(ids) };
        after = page.pageInfo.endCursor;
      }
    };
    expect(await found(`${marker} 100%`)).toEqual({ totalCount: 2, ids: new Set([literal.id, underscoreDecoy.id]) });
    expect(await found(`${marker} 100% wool_b`)).toEqual({ totalCount: 1, ids: new Set([literal.id]) });
    expect(await found(`${marker} 100% wool_blend \\ s`)).toEqual({ totalCount: 1, ids: new Set([literal.id]) });
    expect(await found(marker)).toEqual({ totalCount: 3, ids: new Set([literal.id, percentDecoy.id, underscoreDecoy.id]) });
    // A cursor past the last row: an empty page that still counts every match.
    const all = dataOf(await gql(url, search.replace("first: 1", "first: 3"), { search: marker })).products;
    const beyond = dataOf(await gql(url, search, { search: marker, after: all.pageInfo.endCursor })).products;
    expect(beyond).toMatchObject({ totalCount: 3, edges: [], pageInfo: { hasNextPage: false } });
  });

  it("returns null for an unknown product id, even one that is not a UUID", async () => {
    expect(dataOf(await gql(url, `{ a: product(id: "nope") { id } b: product(id: "00000000-0000-4000-8000-000000000000") { id } }`))).toEqual({ a: null, b: null });
  });

  it("lets only an ADMIN change the catalogue, keeps SKUs unique and stock non-negative", async () => {
    const customer = await registerCustomer(url);
    const product = await createProduct({ stock: 3 });
    const input = { sku: product.sku, name: "x", priceCents: 1, currency: "EUR", stock: 1 };
    expect(codesOf(await gql(url, CREATE_PRODUCT, { input }, customer.token))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await gql(url, CREATE_PRODUCT, { input }))).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(await gql(url, CREATE_PRODUCT, { input: { ...input, sku: product.sku.toLowerCase() } }, adminToken))).toEqual(["CONFLICT"]);

    const adjust = `mutation A($id: ID!, $delta: Int!) { adjustStock(productId: $id, delta: $delta) { stock } }`;
    expect(codesOf(await gql(url, adjust, { id: product.id, delta: -4 }, adminToken))).toEqual(["BAD_USER_INPUT"]);
    expect(dataOf(await gql(url, adjust, { id: product.id, delta: -3 }, adminToken)).adjustStock.stock).toBe(0);
    expect(codesOf(await gql(url, adjust, { id: product.id, delta: 1 }, customer.token))).toEqual(["FORBIDDEN"]);

    const update = `mutation U($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { name priceCents description } }`;
    const updated = dataOf(await gql(url, update, { id: product.id, input: { name: "Renamed", priceCents: 999, description: null } }, adminToken));
    expect(updated.updateProduct).toEqual({ name: "Renamed", priceCents: 999, description: null });
    expect(codesOf(await gql(url, update, { id: "00000000-0000-4000-8000-000000000000", input: { name: "x" } }, adminToken))).toEqual(["NOT_FOUND"]);
  });

  it("hides the internal stock mutations from clients", async () => {
    const result = await gql(url, `mutation { releaseStock(orderId: "x") { orderId } }`, {}, adminToken);
    expect(codesOf(result)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("orders", () => {
  it("places an order across products, reads it with fields from every subgraph, cancels it and restores stock", async () => {
    const customer = await registerCustomer(url);
    const mug = await createProduct({ priceCents: 1200, stock: 10 });
    const pan = await createProduct({ priceCents: 4500, stock: 4 });
    const placed = dataOf(
      await gql(url, PLACE_ORDER, { input: { items: [{ productId: mug.id, quantity: 3 }, { productId: pan.id, quantity: 1 }] } }, customer.token),
    ).placeOrder;
    expect(placed).toMatchObject({ status: "PENDING", totalCents: 3 * 1200 + 4500, currency: "EUR" });
    expect(await stockOf(mug.id)).toBe(7);
    expect(await stockOf(pan.id)).toBe(3);

    // Today's price changes; the order keeps the price it was placed at.
    await gql(url, `mutation { updateProduct(id: "${mug.id}", input: { priceCents: 9999 }) { id } }`, {}, adminToken);
    const order = dataOf(await gql(url, ORDER_DETAILS, { id: placed.id }, customer.token)).order;
    expect(order.user).toEqual({ id: customer.id, email: customer.email, name: "Test Customer" });
    expect(order.items).toEqual([
      { quantity: 3, unitPriceCents: 1200, product: expect.objectContaining({ id: mug.id, priceCents: 9999, stock: 7 }) },
      { quantity: 1, unitPriceCents: 4500, product: expect.objectContaining({ id: pan.id, priceCents: 4500, stock: 3 }) },
    ]);
    expect(order.history).toEqual([{ status: "PENDING", at: expect.any(String), reason: null }]);

    const cancel = `mutation C($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { status history { status reason } } }`;
    const cancelled = dataOf(await gql(url, cancel, { id: placed.id }, customer.token)).cancelOrder;
    expect(cancelled).toEqual({
      status: "CANCELLED",
      history: [
        { status: "PENDING", reason: null },
        { status: "CANCELLED", reason: "changed my mind" },
      ],
    });
    expect(await stockOf(mug.id)).toBe(10);
    expect(await stockOf(pan.id)).toBe(4);
    expect(codesOf(await gql(url, cancel, { id: placed.id }, customer.token))).toEqual(["CONFLICT"]);
    expect(await stockOf(mug.id)).toBe(10);
  });

  it("moves an order only along the lifecycle, recording every move", async () => {
    const customer = await registerCustomer(url);
    const product = await createProduct();
    const { id } = dataOf(await gql(url, PLACE_ORDER, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token)).placeOrder;
    const move = `mutation M($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { status } }`;
    expect(codesOf(await gql(url, move, { id, status: "SHIPPED" }, adminToken))).toEqual(["CONFLICT"]);
    expect(codesOf(await gql(url, move, { id, status: "CONFIRMED" }, customer.token))).toEqual(["FORBIDDEN"]);
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) {
      expect(dataOf(await gql(url, move, { id, status }, adminToken)).updateOrderStatus.status).toBe(status);
    }
    expect(codesOf(await gql(url, move, { id, status: "CANCELLED" }, adminToken))).toEqual(["CONFLICT"]);
    const cancel = `mutation C($id: ID!) { cancelOrder(id: $id) { id } }`;
    expect(codesOf(await gql(url, cancel, { id }, customer.token))).toEqual(["CONFLICT"]);
    const history = dataOf(await gql(url, ORDER_DETAILS, { id }, adminToken)).order.history.map((entry: { status: string }) => entry.status);
    expect(history).toEqual(["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"]);
    expect(await stockOf(product.id)).toBe(9);
  });

  it("gives the stock back when a confirmed order is cancelled", async () => {
    const customer = await registerCustomer(url);
    const product = await createProduct({ stock: 4 });
    const { id } = dataOf(await gql(url, PLACE_ORDER, { input: { items: [{ productId: product.id, quantity: 3 }] } }, customer.token)).placeOrder;
    await gql(url, `mutation { updateOrderStatus(id: "${id}", status: CONFIRMED) { status } }`, {}, adminToken);
    expect(await stockOf(product.id)).toBe(1);
    const cancelled = dataOf(await gql(url, `mutation { cancelOrder(id: "${id}") { status } }`, {}, customer.token)).cancelOrder;
    expect(cancelled.status).toBe("CANCELLED");
    expect(await stockOf(product.id)).toBe(4);
  });

  it("returns the first order again for a repeated idempotency key", async () => {
    const customer = await registerCustomer(url);
    const other = await registerCustomer(url);
    const product = await createProduct({ stock: 10 });
    const input = { idempotencyKey: "checkout-1", items: [{ productId: product.id, quantity: 2 }] };
    const first = dataOf(await gql(url, PLACE_ORDER, { input }, customer.token)).placeOrder;
    const again = dataOf(await gql(url, PLACE_ORDER, { input }, customer.token)).placeOrder;
    expect(again.id).toBe(first.id);
    expect(await stockOf(product.id)).toBe(8);
    const someoneElse = dataOf(await gql(url, PLACE_ORDER, { input }, other.token)).placeOrder;
    expect(someoneElse.id).not.toBe(first.id);
    expect(await stockOf(product.id)).toBe(6);
  });

  it("places one order for concurrent requests with the same key, even when stock is scarce", async () => {
    const customer = await registerCustomer(url);
    const product = await createProduct({ stock: 1 });
    const input = { idempotencyKey: unique("double-click"), items: [{ productId: product.id, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 4 }, () => gql(url, PLACE_ORDER, { input }, customer.token)));
    const ids = results.map((result) => dataOf(result).placeOrder.id);
    expect(new Set(ids).size).toBe(1);
    expect(await stockOf(product.id)).toBe(0);
  });

  it("checks every item before anything is reserved", async () => {
    const customer = await registerCustomer(url);
    const product = await createProduct({ stock: 2 });
    const place = (items: unknown[]) => gql(url, PLACE_ORDER, { input: { items } }, customer.token);
    expect(codesOf(await place([]))).toEqual(["BAD_USER_INPUT"]);
    expect(codesOf(await place([{ productId: product.id, quantity: 0 }]))).toEqual(["BAD_USER_INPUT"]);
    expect(codesOf(await place([{ productId: product.id, quantity: 101 }]))).toEqual(["BAD_USER_INPUT"]);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }));
    expect(codesOf(await place(tooMany))).toEqual(["BAD_USER_INPUT"]);
    const missing = await place([{ productId: product.id, quantity: 1 }, { productId: "00000000-0000-4000-8000-000000000000", quantity: 1 }]);
    expect(codesOf(missing)).toEqual(["NOT_FOUND"]);
    expect(codesOf(await place([{ productId: product.id, quantity: 3 }]))).toEqual(["OUT_OF_STOCK"]);
    expect(await stockOf(product.id)).toBe(2);
  });

  it("shows an order only to its owner or an ADMIN", async () => {
    const owner = await registerCustomer(url);
    const stranger = await registerCustomer(url);
    const product = await createProduct();
    const { id } = dataOf(await gql(url, PLACE_ORDER, { input: { items: [{ productId: product.id, quantity: 1 }] } }, owner.token)).placeOrder;

    expect(codesOf(await gql(url, ORDER_DETAILS, { id }))).toEqual(["UNAUTHENTICATED"]);
    const forbidden = await gql(url, ORDER_DETAILS, { id }, stranger.token);
    expect(codesOf(forbidden)).toEqual(["FORBIDDEN"]);
    expect(forbidden.data?.order ?? null).toBeNull();
    expect(codesOf(await gql(url, `mutation { cancelOrder(id: "${id}") { id } }`, {}, stranger.token))).toEqual(["FORBIDDEN"]);
    expect(dataOf(await gql(url, ORDER_DETAILS, { id }, adminToken)).order.user.email).toBe(owner.email);
    expect(dataOf(await gql(url, ORDER_DETAILS, { id: "00000000-0000-4000-8000-000000000000" }, owner.token)).order).toBeNull();

    const mine = `{ me { orders(first: 5) { totalCount edges { node { id status } } } } }`;
    expect(dataOf(await gql(url, mine, {}, owner.token)).me.orders).toEqual({ totalCount: 1, edges: [{ node: { id, status: "PENDING" } }] });
    expect(dataOf(await gql(url, mine, {}, stranger.token)).me.orders.totalCount).toBe(0);
  });
});

describe("privacy of accounts", () => {
  it("shows a phone number to its owner and to an ADMIN only", async () => {
    const owner = await registerCustomer(url, { phone: "+14155550123" });
    const stranger = await registerCustomer(url);
    const product = await createProduct();
    const { id } = dataOf(await gql(url, PLACE_ORDER, { input: { items: [{ productId: product.id, quantity: 1 }] } }, owner.token)).placeOrder;
    const query = `query O($id: ID!) { order(id: $id) { user { phone } } }`;
    expect(dataOf(await gql(url, query, { id }, owner.token)).order.user.phone).toBe("+14155550123");
    expect(dataOf(await gql(url, query, { id }, adminToken)).order.user.phone).toBe("+14155550123");
    expect(codesOf(await gql(url, query, { id }, stranger.token))).toEqual(["FORBIDDEN"]);
    // Signing in is proof enough: the payload shows the user their own details.
    const registered = await gql(url, `mutation R($input: RegisterInput!) { register(input: $input) { user { phone } } }`, {
      input: { email: `${unique("p")}@test.shop`, password: "long-enough", name: "P", phone: "+14155550124" },
    });
    expect(dataOf(registered).register.user.phone).toBe("+14155550124");
  });

  it("gives out nobody's account to a caller who goes straight to the users subgraph", async () => {
    const owner = await registerCustomer(url, { phone: "+14155550125" });
    const stranger = await registerCustomer(url);
    const entities = `query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id email phone } } }`;
    const representations = [{ __typename: "User", id: owner.id }];
    const usersUrl = stack.services.users.url;
    expect(dataOf(await subgraphGql(usersUrl, entities, { representations }))._entities).toEqual([null]);
    expect(dataOf(await subgraphGql(usersUrl, entities, { representations }, stranger.token))._entities).toEqual([null]);
    expect(dataOf(await subgraphGql(usersUrl, entities, { representations }, owner.token))._entities).toEqual([{ id: owner.id, email: owner.email, phone: "+14155550125" }]);
    const mixed = [{ __typename: "User", id: owner.id }, { __typename: "User", id: "not-a-uuid" }];
    expect(dataOf(await subgraphGql(usersUrl, entities, { representations: mixed }, adminToken))._entities).toEqual([{ id: owner.id, email: owner.email, phone: "+14155550125" }, null]);
  });
});
