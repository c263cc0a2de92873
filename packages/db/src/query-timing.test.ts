import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { timeQueries, type QueryOutcome } from "./query-timing.ts";

const pool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres", max: 2 });
const seen: [number, QueryOutcome][] = [];
timeQueries(pool, (seconds, outcome) => seen.push([seconds, outcome]));

afterAll(() => pool.end());

describe("timeQueries", () => {
  it("times statements run through the pool and through a checked-out connection, failed ones as errors", async () => {
    await pool.query("SELECT pg_sleep(0.05)");
    await expect(pool.query("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
    const client = await pool.connect();
    try {
      // As Prisma's adapter runs a transaction: a promise, not a callback.
      await client.query({ text: "SELECT $1::int AS n", values: [1], rowMode: "array" });
    } finally {
      client.release();
    }
    expect(seen.map(([, outcome]) => outcome)).toEqual(["ok", "error", "ok"]);
    expect(seen[0]![0]).toBeGreaterThanOrEqual(0.05);
    expect(seen[0]![0]).toBeLessThan(5);
  });
});
