// The storefront (examples/storefront, built) in a real Chromium against the real supergraph,
// served by the gateway with the operation safelist on: every request the app sends must be a
// registered operation, exactly. A customer signs in, searches, orders two products with a
// double click and watches the order page; an admin in a second browser context moves the
// order along and adjusts stock; the customer's page and bell follow live, once per transport.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, gql, unique } from "../support/client.ts";
import { parsePrometheusText, samplesOf } from "../support/prometheus-text.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const storefrontDir = `${root}examples/storefront/dist`;
const artifacts = `${root}tests/artifacts`;
// Debian's chromium (.ci/run installs it); playwright-core is pinned to the release for it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without the background-networking flags Chromium dials out, which the closed network refuses.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const LIVE_MS = 15_000;

const manifest = JSON.parse(readFileSync(`${root}schema/persisted-query-manifest.json`, "utf8")) as { operations: { name: string; body: string }[] };
/** The test's own calls go through the safelist too, so they use registered operations. */
const registered = (name: string) => manifest.operations.find((operation) => operation.name === name)!.body;

let stack: Stack;
let browser: Browser;
let origin: string;
let adminToken: string;

async function signUpCustomer() {
  const email = `${unique("shopper")}@test.shop`;
  const input = { email, password: "customer-password", name: "Browser Shopper" };
  const { register } = dataOf(await gql<{ register: { token: string } }>(stack.gatewayUrl, registered("Register"), { input }));
  return { email, password: input.password, token: register.token };
}

async function createProduct(name: string) {
  const input = { sku: unique("SKU").toUpperCase(), name, description: "Seen in a browser", priceCents: 1999, currency: "EUR", category: "Browser", stock: 10 };
  return dataOf(await gql<{ createProduct: { id: string } }>(stack.gatewayUrl, registered("CreateProduct"), { input }, adminToken)).createProduct;
}

async function unreadCount(token: string): Promise<number> {
  const { me } = dataOf(await gql<{ me: { notifications: { totalCount: number } } }>(stack.gatewayUrl, registered("Notifications"), { first: 1, unreadOnly: true }, token));
  return me.notifications.totalCount;
}

async function orderCount(token: string): Promise<number> {
  const { me } = dataOf(await gql<{ me: { orders: { totalCount: number } } }>(stack.gatewayUrl, registered("MyOrders"), { first: 1 }, token));
  return me.orders.totalCount;
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

const bellCount = async (page: Page) => Number(await page.getByTestId("bell-count").textContent());

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = LIVE_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // `npm test` builds it first (npm run build); a lone run of this file builds it here.
  if (!existsSync(`${storefrontDir}/index.html`)) {
    const build = spawnSync("npm", ["run", "build", "-w", "examples/storefront"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the storefront did not build (npm run build -w examples/storefront)");
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  mkdirSync(artifacts, { recursive: true });
  stack = await startStack({ env: { STOREFRONT_DIR: storefrontDir, OPERATION_SAFELIST: "true" } });
  origin = stack.gatewayUrl.replace(/\/graphql$/, "");
  adminToken = dataOf(await gql<{ login: { token: string } }>(stack.gatewayUrl, registered("Login"), ADMIN)).login.token;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the storefront in Chromium", () => {
  it("serves the app at the gateway's origin, and the API beside it", async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root"></div>');
    const api = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: registered("Categories") }) });
    expect(((await api.json()) as { data: { categories: unknown } }).data.categories).toEqual(expect.any(Array));
  });

  for (const transport of ["multipart", "websocket"] as const) {
    it(`orders two products and follows the order live over ${transport}`, { timeout: 60_000 }, async () => {
      const tag = unique("Lamp").replace("-", "");
      const [first, second] = [await createProduct(`${tag} Desk`), await createProduct(`${tag} Floor`)];
      const customer = await signUpCustomer();

      // The WebSocket run on a phone-sized screen: the layout must work there too.
      const shopper = await browser.newContext(transport === "websocket" ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } });
      const page = await shopper.newPage();
      const refused: string[] = [];
      page.on("response", async (response) => {
        if (response.url().endsWith("/graphql") && response.status() >= 400) refused.push(`${response.status()} ${await response.text().catch(() => "")}`);
      });
      await page.goto(`${origin}/?transport=${transport}#/sign-in`);
      await signIn(page, customer.email, customer.password);

      await page.getByLabel("Search").fill(tag);
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByText("2 products").waitFor();
      if (transport === "multipart") await page.screenshot({ path: `${artifacts}/storefront-catalogue.png`, fullPage: true });
      await page.getByRole("button", { name: `Add ${tag} Desk to cart` }).click();
      await page.getByRole("button", { name: `Add ${tag} Floor to cart` }).click();
      await page.getByRole("link", { name: "Cart (2)" }).click();
      // A double click: the idempotency key (and the disabled button) make it one order.
      await page.getByRole("button", { name: "Place order" }).dblclick();
      await page.waitForURL(/#\/orders\/[\w-]+$/);
      const orderId = decodeURIComponent(page.url().split("/").pop()!);
      await page.getByTestId("order-status").filter({ hasText: "PENDING" }).waitFor();
      expect(await orderCount(customer.token)).toBe(1);
      await page.getByText(`${tag} Desk`).waitFor();
      await page.getByText(`${tag} Floor`).waitFor();
      // Set once: a reload would drop it.
      await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

      const back = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const admin = await back.newPage();
      await admin.goto(`${origin}/?transport=${transport}#/sign-in`);
      await signIn(admin, ADMIN.email, ADMIN.password);
      await admin.goto(`${origin}/?transport=${transport}#/admin/${encodeURIComponent(orderId)}`);
      await admin.getByTestId("admin-order-status").filter({ hasText: "PENDING" }).waitFor();

      for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) {
        const before = await bellCount(page);
        await admin.getByRole("button", { name: `Move to ${status}` }).click();
        await admin.getByTestId("admin-order-status").filter({ hasText: status }).waitFor();
        // The customer's page, untouched since it opened, shows the new status and counts its notification.
        await page.getByTestId("order-status").filter({ hasText: status }).waitFor({ timeout: LIVE_MS });
        await page.getByRole("listitem").filter({ hasText: status }).first().waitFor({ timeout: LIVE_MS });
        await waitFor(`the bell to count ${status}'s notification`, async () => (await bellCount(page)) > before);
      }
      await waitFor("the bell to match the unread notifications", async () => (await bellCount(page)) === (await unreadCount(customer.token)));
      expect(await page.getByRole("list", { name: "Status timeline" }).getByRole("listitem").allTextContents()).toEqual([
        expect.stringContaining("PENDING"),
        expect.stringContaining("CONFIRMED"),
        expect.stringContaining("SHIPPED"),
        expect.stringContaining("DELIVERED"),
      ]);
      expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

      // Mark-as-read from the bell lowers the count, for the API too.
      const unread = await bellCount(page);
      await page.getByRole("button", { name: /^Notifications:/ }).click();
      await page.getByRole("button", { name: /^Mark ".*" as read$/ }).first().click();
      await waitFor("the bell to count one less", async () => (await bellCount(page)) === unread - 1);
      expect(await unreadCount(customer.token)).toBe(unread - 1);
      await page.getByRole("button", { name: "Close" }).click();

      const suffix = transport === "multipart" ? "" : "-phone";
      await page.screenshot({ path: `${artifacts}/storefront-order-delivered${suffix}.png`, fullPage: true });
      if (transport === "multipart") await admin.screenshot({ path: `${artifacts}/storefront-admin.png`, fullPage: true });
      // Stock was taken once (one order of one each); the admin's adjuster puts 5 back for one.
      await admin.getByLabel("Find a product").fill(tag);
      await admin.getByRole("combobox", { name: /^Product/ }).selectOption({ label: `${tag} Desk (9 in stock)` });
      await admin.getByLabel("Change by (negative to remove)").fill("5");
      await admin.getByRole("button", { name: "Adjust stock" }).click();
      await admin.getByText(`${tag} Desk: 14 in stock.`).waitFor();
      const stockOf = async (id: string) => dataOf(await gql<{ product: { stock: number } }>(stack.gatewayUrl, registered("Product"), { id })).product.stock;
      expect([await stockOf(first.id), await stockOf(second.id)]).toEqual([14, 9]);
      expect(refused).toEqual([]);
      await Promise.all([shopper.close(), back.close()]);
    });
  }

  it("tells the customer when a product is out of stock", { timeout: 30_000 }, async () => {
    const tag = unique("Rare").replace("-", "");
    const product = await createProduct(`${tag} Vase`);
    const customer = await signUpCustomer();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/#/sign-in`);
    await signIn(page, customer.email, customer.password);
    await page.goto(`${origin}/#/product/${product.id}`);
    await page.getByRole("heading", { name: `${tag} Vase` }).waitFor();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    // Sold elsewhere meanwhile: one is left when the order is placed.
    dataOf(await gql(stack.gatewayUrl, registered("AdjustStock"), { productId: product.id, delta: -9 }, adminToken));
    await page.getByRole("link", { name: "Cart (2)" }).click();
    await page.getByRole("button", { name: "Place order" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Not enough stock: /);
    expect(await orderCount(customer.token)).toBe(0);
    await context.close();
  });

  it("sent only registered operations: the gateway's metrics name each, none is `unknown`", async () => {
    const families = parsePrometheusText(await (await fetch(stack.metricsUrl("gateway"))).text());
    const requests = samplesOf(families, "graphql_requests_total");
    const names = new Set(requests.map((sample) => sample.labels.operation_name));
    expect([...names]).toEqual(expect.arrayContaining(["Login", "Catalogue", "Categories", "PlaceOrder", "Order", "UpdateOrderStatus", "Notifications", "MarkNotificationRead"]));
    expect(samplesOf(families, "graphql_requests_total", { operation_name: "unknown" })).toEqual([]);
  });
});
