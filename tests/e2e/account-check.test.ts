// The gateway's account check (is a token's account still there, with its role?) while the
// users service is up but its database is not: an answer with an error is no verdict, so the
// customer is not signed out for the check's whole memory once the database is back.
import { databaseUrlFor } from "@shop/config";
import { afterAll, beforeAll, expect, it } from "vitest";
import { codesOf, dataOf, gql, registerCustomer } from "../support/client.ts";
import { startStack, type Stack } from "../support/stack.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

const ME = `query Me { me { id email } }`;

let stack: Stack;
let usersDatabase: Awaited<ReturnType<typeof startTcpProxy>>;

beforeAll(async () => {
  usersDatabase = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  const url = new URL(databaseUrlFor("users"));
  url.host = `127.0.0.1:${usersDatabase.port}`;
  stack = await startStack({ env: { USERS_DATABASE_URL: url.toString() } });
});
afterAll(async () => {
  await stack?.stop();
  await usersDatabase?.close();
});

it("keeps a customer signed in once users' database is back, after checking their token while it was away", async () => {
  const customer = await registerCustomer(stack.gatewayUrl);
  usersDatabase.cut();
  // The first request with this token: the gateway asks users about the account, and users cannot read it.
  const whileAway = await gql(stack.gatewayUrl, ME, {}, customer.token);
  expect(codesOf(whileAway)).not.toContain("UNAUTHENTICATED");
  usersDatabase.restore();
  await expect.poll(async () => codesOf(await gql(stack.gatewayUrl, ME, {}, customer.token)), { timeout: 5000, interval: 200 }).toEqual([]);
  expect(dataOf(await gql<{ me: { id: string } }>(stack.gatewayUrl, ME, {}, customer.token)).me.id).toBe(customer.id);
});
