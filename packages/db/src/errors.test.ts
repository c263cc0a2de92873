import net, { type AddressInfo } from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { errorSummary, isDatabaseUnavailable } from "./errors.ts";

describe("errorSummary", () => {
  it("keeps the engine's message, drops its span trace and names the failed migration", () => {
    const error = new Error(
      'external connector error\nNo such table: nope\n   0: sql_schema_connector::apply_migration::apply_script\n           with migration_name="20250101000000_bad"\n             at apply_migration.rs:113',
    );
    expect(errorSummary(error)).toBe("external connector error No such table: nope (migration 20250101000000_bad)");
  });

  it("reads the causes of an AggregateError with an empty message", () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    expect(errorSummary(new AggregateError([refused("::1:5432"), refused("127.0.0.1:5432")]))).toBe(
      "connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432",
    );
  });
});

describe("isDatabaseUnavailable", () => {
  it("is true for a database that refuses connections, through the causes of whatever wraps it", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = await new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2000 }).connect().catch((error: unknown) => error);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error("placing the order failed", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }))).toBe(true);
    // As chaos runs met them while PostgreSQL restarted: the pool's, and Prisma's wrapping of PostgreSQL's own.
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("\nInvalid `prisma.product.findMany()` invocation:\n\n\nDatabase error. Code: `57P03`. Message: `the database system is shutting down`"))).toBe(true);
  });

  it("is false for a query the database refused, and for a bug", async () => {
    const client = new pg.Client({ connectionString: process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres" });
    await client.connect();
    try {
      const refusedQuery = await client.query("SELECT * FROM no_such_table_anywhere").catch((error: unknown) => error);
      expect((refusedQuery as { code?: string }).code).toBe("42P01");
      expect(isDatabaseUnavailable(refusedQuery)).toBe(false);
    } finally {
      await client.end();
    }
    expect(isDatabaseUnavailable(new TypeError("cannot read x of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
