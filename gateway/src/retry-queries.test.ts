import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { shouldRetryQuery } from "./retry-queries.ts";

const query = parse("query Products { products { id } }");
const mutation = parse("mutation Place { placeOrder { id } }");
const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) });
const draining = Object.assign(new Error("503: Service Unavailable"), { extensions: { response: { status: 503 } } });
const diedBehindBalancer = Object.assign(new Error("502: Bad Gateway"), { extensions: { response: { status: 502 } } });

describe("shouldRetryQuery", () => {
  it("retries a query on a refused connection or a draining replica", () => {
    expect(shouldRetryQuery(refused, query, undefined)).toBe(true);
    expect(shouldRetryQuery(draining, query, 10_000, 0)).toBe(true);
  });
  it("retries a query whose replica died behind the load balancer (502), never such a mutation", () => {
    expect(shouldRetryQuery(diedBehindBalancer, query, 10_000, 0)).toBe(true);
    expect(shouldRetryQuery(diedBehindBalancer, mutation, 10_000, 0)).toBe(false);
  });
  it("never retries a mutation", () => {
    expect(shouldRetryQuery(refused, mutation, undefined)).toBe(false);
  });
  it("does not retry other failures or past the deadline", () => {
    expect(shouldRetryQuery(new Error("The operation was aborted due to timeout"), query, undefined)).toBe(false);
    expect(shouldRetryQuery(Object.assign(new Error("500"), { extensions: { response: { status: 500 } } }), query, undefined)).toBe(false);
    expect(shouldRetryQuery(refused, query, 1_020, 1_000)).toBe(false);
    expect(shouldRetryQuery(refused, undefined, undefined)).toBe(false);
  });
});
