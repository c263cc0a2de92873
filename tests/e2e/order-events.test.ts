// The order-events promises end to end, through the gateway, against real PostgreSQL, Redis
// and a real SMTP server: every status change reaches the customer once on every channel,
// even when Redis or the notifications service is away while it happens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { startSmsReceiver, type SmsReceiver } from "../support/sms-receiver.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

let stack: Stack;
let smtp: SmtpReceiver;
let sms: SmsReceiver;
let redisProxy: Awaited<ReturnType<typeof startTcpProxy>>;
let adminToken: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  sms = await startSmsReceiver();
  // Every service reaches Redis through this proxy, so a test can cut Redis off.
  redisProxy = await startTcpProxy({ host: "127.0.0.1", port: 6379 });
  stack = await startStack({
    env: {
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      SMTP_URL: smtp.url,
      SMS_API_URL: sms.url,
      SMS_API_KEY: sms.apiKey,
      DELIVERY_POLL_MS: "100",
    },
  });
  adminToken = (await login(stack.gatewayUrl, ADMIN.email, ADMIN.password)).token;
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([smtp?.stop(), sms?.stop(), redisProxy?.close()]);
});

const FEED = /* GraphQL */ `
  { me { notifications(first: 50) { totalCount edges { node { channel subject order { id } } } } } }
`;

async function placeOrder(token: string) {
  const input = { sku: unique("EVT").toUpperCase(), name: "Evented", priceCents: 1250, currency: "EUR", stock: 10 };
  const product = dataOf(await gql(stack.gatewayUrl, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, adminToken)).createProduct;
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  return dataOf(await gql(stack.gatewayUrl, place, { input: { items: [{ productId: product.id, quantity: 1 }] } }, token)).placeOrder.id as string;
}

async function move(orderId: string, status: string) {
  const result = await gql(stack.gatewayUrl, `mutation M($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { status } }`, { id: orderId, status }, adminToken);
  expect(dataOf(result).updateOrderStatus.status).toBe(status);
}

/** The customer's notifications, oldest first, as the SPA reads them. */
async function feed(token: string) {
  const edges = dataOf(await gql(stack.gatewayUrl, FEED, {}, token)).me.notifications.edges as { node: { channel: string; subject: string } }[];
  return edges.map((edge) => edge.node).reverse();
}

const inApp = async (token: string) => (await feed(token)).filter((n) => n.channel === "IN_APP").map((n) => n.subject.replace(/#\w+ /, ""));

describe("order events", () => {
  it("tells the customer of every status change exactly once in the app, by e-mail and by SMS, in order", async () => {
    const customer = await registerCustomer(stack.gatewayUrl, { phone: "+14155550199" });
    const orderId = await placeOrder(customer.token);
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) await move(orderId, status);

    const expected = ["Order received", "Order confirmed", "Order shipped", "Order delivered"];
    await expect.poll(() => inApp(customer.token), { timeout: 15_000, interval: 100 }).toEqual(expected);
    const all = await feed(customer.token);
    for (const channel of ["EMAIL", "SMS"]) {
      expect(all.filter((n) => n.channel === channel).map((n) => n.subject.replace(/#\w+ /, ""))).toEqual(expected);
    }

    const mailTo = () => smtp.messages.filter((mail) => mail.to.includes(customer.email)).map((mail) => mail.subject.replace(/#\w+ /, ""));
    await expect.poll(mailTo, { timeout: 15_000, interval: 100 }).toEqual(expected);
    const texts = () => sms.messages.filter((message) => message.to === "+14155550199").map((message) => message.text);
    await expect.poll(() => texts().length, { timeout: 15_000, interval: 100 }).toBe(4);
    expect(texts()[3]).toMatch(/delivered/i);
  });

  it("loses nothing while Redis is cut off: three changes arrive once each when it is back", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    await expect.poll(() => inApp(customer.token), { timeout: 15_000, interval: 100 }).toEqual(["Order received"]);

    redisProxy.cut();
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) await move(orderId, status);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await inApp(customer.token)).toEqual(["Order received"]);

    redisProxy.restore();
    const expected = ["Order received", "Order confirmed", "Order shipped", "Order delivered"];
    await expect.poll(() => inApp(customer.token), { timeout: 20_000, interval: 200 }).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await inApp(customer.token)).toEqual(expected);
  });

  it("catches up after the notifications service was stopped during two changes", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    await expect.poll(() => inApp(customer.token), { timeout: 15_000, interval: 100 }).toEqual(["Order received"]);

    await stack.stopService("notifications");
    await move(orderId, "CONFIRMED");
    await gql(stack.gatewayUrl, `mutation { cancelOrder(id: "${orderId}", reason: "found it cheaper") { status } }`, {}, customer.token);
    await stack.startService("notifications");

    const expected = ["Order received", "Order confirmed", "Order cancelled"];
    await expect.poll(() => inApp(customer.token), { timeout: 20_000, interval: 200 }).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await inApp(customer.token)).toEqual(expected);
  });
});
