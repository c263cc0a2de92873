// `npm run bench`: load through the gateway of a running supergraph (`npm start` first),
// printing requests per second and latency for two typical SPA queries. Bounded in time;
// loopback only. BENCH_URL, BENCH_SECONDS and BENCH_CONNECTIONS override the defaults.
import autocannon from "autocannon";

const url = process.env.BENCH_URL || "http://localhost:4000/graphql";
const duration = Number(process.env.BENCH_SECONDS || 10);
const connections = Number(process.env.BENCH_CONNECTIONS || 50);

async function post(body: unknown, token?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data: any };
}

const { data } = await post({
  query: `mutation { login(email: "customer@shop.local", password: "customer-password") { token } }`,
});
const token: string = data.login.token;

const scenarios = [
  {
    name: "catalogue page (products subgraph)",
    body: { query: `query Catalogue { products(first: 20, category: "Kitchen") { totalCount edges { node { id name priceCents stock } } } }` },
  },
  {
    name: "my orders with products and user (orders + products + users)",
    body: {
      query: `query MyOrders { me { orders(first: 3) { edges { node { status totalCents user { email } items { quantity product { name } } } } } } }`,
    },
    token,
  },
];

for (const scenario of scenarios) {
  const check = await post(scenario.body, scenario.token);
  if (!check.data) throw new Error(`${scenario.name}: ${JSON.stringify(check)}`);
  const result = await autocannon({
    url,
    method: "POST",
    duration,
    connections,
    headers: { "content-type": "application/json", ...(scenario.token ? { authorization: `Bearer ${scenario.token}` } : {}) },
    body: JSON.stringify(scenario.body),
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${scenario.name}: ${result.requests.average.toFixed(0)} req/s, latency mean ${result.latency.mean.toFixed(1)} ms, ` +
      `p99 ${result.latency.p99} ms, ${result.requests.total} requests, ${failed} failed (${connections} connections, ${duration} s)`,
  );
}
