import { describe, expect, it } from "vitest";
import { errorSummary } from "./errors.ts";

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
