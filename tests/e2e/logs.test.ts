// The services' own log output, as real processes write it at debug level: one line per
// GraphQL request with the request id the caller sent (carried into the subgraph), and no
// password or token that went through them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, gql, unique } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { spawnService } from "../support/service-process.ts";

let users: ReturnType<typeof spawnService>;
let gateway: ReturnType<typeof spawnService>;
let gatewayUrl: string;

beforeAll(async () => {
  const usersPort = await freePort();
  const common = { HOST: "127.0.0.1", LOG_LEVEL: "debug" };
  users = spawnService("subgraphs/users", { ...common, USERS_PORT: String(usersPort) });
  await users.ready("users");
  gateway = spawnService("gateway", { ...common, GATEWAY_PORT: "0", USERS_URL: `http://127.0.0.1:${usersPort}/graphql` });
  gatewayUrl = await gateway.ready("gateway");
});

afterAll(async () => {
  for (const service of [gateway, users]) service?.child.kill("SIGTERM");
  await Promise.all([gateway?.exited, users?.exited]);
});

describe("service logs", () => {
  it("write one line per request with operation, type, duration, status, outcome and the caller's request id, in the gateway and the subgraph", async () => {
    const requestId = `test-${randomUUID()}`;
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ query: "query Me { me { id } }" }),
    });
    expect(response.headers.get("x-request-id")).toBe(requestId);
    expect(await response.json()).toEqual({ data: { me: null } });

    const expected = { msg: "graphql request", requestId, operationName: "Me", operationType: "query", status: 200, outcome: "ok" };
    const atGateway = await gateway.waitForLog((line) => line.requestId === requestId);
    expect(atGateway).toMatchObject({ ...expected, service: "gateway", level: 30 });
    expect(atGateway.durationMs).toEqual(expect.any(Number));
    // The gateway's fetch, under its generated name, logged with the same id by the subgraph.
    expect(await users.waitForLog((line) => line.requestId === requestId)).toMatchObject({ ...expected, service: "users", operationName: "Me__users__0" });
    expect(gateway.lines().filter((line) => line.requestId === requestId)).toHaveLength(1);
  });

  it("give a request without an id a new one, and log its error codes", async () => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }", variables: { email: "nobody@test.shop", password: "wrong-password-1" } }),
    });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await gateway.waitForLog((candidate) => candidate.requestId === requestId);
    expect(line).toMatchObject({ operationName: "Login", operationType: "mutation", outcome: "error", errorCodes: ["UNAUTHENTICATED"] });
  });

  it("never contain a password or a token sent through them", async () => {
    const password = `pw-${randomUUID()}`;
    const email = `${unique("logged")}@test.shop`;
    const registered = dataOf(
      await gql<{ register: { token: string } }>(gatewayUrl, `mutation Register($input: RegisterInput!) { register(input: $input) { token } }`, {
        input: { email, password, name: "Logged Customer" },
      }),
    ).register;
    const loggedIn = dataOf(
      await gql<{ login: { token: string } }>(gatewayUrl, `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
        email,
        password,
      }),
    ).login;
    const requestId = `secret-check-${randomUUID()}`;
    const me = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${loggedIn.token}`, cookie: `session=${loggedIn.token}`, "x-request-id": requestId },
      body: JSON.stringify({ query: "query Me { me { email } }", variables: { token: loggedIn.token, password } }),
    });
    expect(((await me.json()) as { data: { me: { email: string } } }).data.me.email).toBe(email);
    await users.waitForLog((line) => line.requestId === requestId);
    await gateway.waitForLog((line) => line.requestId === requestId);

    // Something was logged about these requests, at debug level, and none of it is a secret.
    expect(users.lines().length + gateway.lines().length).toBeGreaterThan(6);
    for (const output of [users.output(), gateway.output()]) {
      expect(output).not.toContain(password);
      for (const token of [registered.token, loggedIn.token]) {
        // Neither the token nor its signature part, which is what makes it usable.
        expect(output).not.toContain(token);
        expect(output).not.toContain(token.split(".")[2]);
      }
    }
  });
});
