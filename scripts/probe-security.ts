// `npm run probe:security`: tries a running supergraph (`npm start` first) as an attacker on the
// same host would, and prints what each attempt got and how long it took: tokens signed with
// the secrets once published in this repository, requests straight to the subgraph ports, the
// depth, alias and token bombs (and a small query meanwhile), eleven wrong logins, a broken body.
// PROBE_URL (the gateway) and PROBE_SUBGRAPH_URLS (comma-separated) override the local defaults.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { PUBLISHED_SECRETS } from "@shop/config";

const gateway = process.env.PROBE_URL || "http://localhost:4000/graphql";
const subgraphs = (process.env.PROBE_SUBGRAPH_URLS || [4001, 4002, 4003, 4004].map((port) => `http://localhost:${port}/graphql`).join(",")).split(",");

async function send(url: string, body: string, token?: string) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  const text = await response.text();
  const ms = performance.now() - started;
  let code = "-";
  try {
    code = String((JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? "none");
  } catch {
    code = `not JSON: ${text.slice(0, 40)}`;
  }
  return { status: response.status, code, ms, json: response.headers.get("content-type")?.startsWith("application/json") ?? false };
}

const rows: string[][] = [];
const report = (probe: string, result: { status: number; code: string; ms: number }) => rows.push([probe, String(result.status), result.code, `${result.ms.toFixed(1)} ms`]);
const gql = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

// Tokens anyone could sign: with each secret once written in the repository, and unsigned.
for (const [index, secret] of PUBLISHED_SECRETS.entries()) {
  const token = await new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "HS256" }).setSubject(randomUUID()).setIssuer("shop-users").setAudience("shop").setExpirationTime("1h").sign(new TextEncoder().encode(secret));
  report(`ADMIN token signed with published secret #${index + 1}: { me }`, await send(gateway, gql("{ me { id } }"), token));
}
const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: randomUUID(), role: "ADMIN", exp: 4e9 })).toString("base64url")}.`;
report("alg:none ADMIN token: { me }", await send(gateway, gql("{ me { id } }"), unsigned));

// The subgraphs answer only what the gateway (or another service) signed.
const login = JSON.parse((await (await fetch(gateway, { method: "POST", headers: { "content-type": "application/json" }, body: gql(`mutation { login(email: "customer@shop.local", password: "customer-password") { token } }`) })).text())) as { data?: { login?: { token: string } } };
const customerToken = login.data?.login?.token;
for (const url of subgraphs) {
  report(`anonymous { _service { sdl } } straight to ${url}`, await send(url, gql("{ _service { sdl } }")));
  report(`customer token straight to ${url}`, await send(url, gql("{ __typename }"), customerToken));
}

// Bombs, each followed by a small query that must stay quick.
const depth = `{ me { ${"orders(first: 1) { edges { node { user { ".repeat(40)}id${" } } } }".repeat(40)} } }`;
const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: products(first: 100) { edges { node { id name } } }`).join(" ")} }`;
const tokens = `{ ${Array.from({ length: 30_000 }, () => "__typename").join(" ")} }`;
// Under the nesting bound and the token limit, so that the depth and alias limits themselves answer.
const deep = `{ me { ${"orders(first: 1) { edges { node { user { ".repeat(5)}id${" } } } }".repeat(5)} } }`;
const aliased = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: categories`).join(" ")} }`;
const bombs = [
  ["depth bomb (160 levels)", depth],
  ["depth bomb (22 levels)", deep],
  ["alias bomb (1,000 × products(first: 100))", aliases],
  ["alias bomb (40 aliases)", aliased],
  ["token bomb (30,000 fields)", tokens],
] as const;
for (const [name, query] of bombs) {
  report(name, await send(gateway, gql(query)));
  report("  a small query right after", await send(gateway, gql("{ categories }")));
}

// Eleven wrong passwords for one account within a minute.
const email = `probe-${randomUUID().slice(0, 8)}@shop.local`;
for (let attempt = 1; attempt <= 11; attempt++) {
  const result = await send(gateway, gql("mutation($email: String!) { login(email: $email, password: \"wrong-password\") { token } }", { email }));
  if (attempt === 1 || attempt >= 10) report(`wrong login #${attempt}`, result);
}

// A body that is not JSON.
const broken = await send(gateway, '{"query": ');
report(`malformed JSON body (JSON answer: ${broken.json})`, broken);

const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
console.log(["probe", "HTTP", "code", "time"].map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
