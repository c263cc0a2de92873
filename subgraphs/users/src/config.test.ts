import { describe, expect, it } from "vitest";
import { generateKeys } from "@shop/config";
import { loadUsersConfig } from "./config.ts";

const keys = generateKeys();

describe("users configuration", () => {
  it("bounds a login's lifetime: 2h by default, at most 24h", () => {
    expect(loadUsersConfig(keys).jwtTtl).toBe("2h");
    expect(loadUsersConfig({ ...keys, JWT_TTL: "24h" }).jwtTtl).toBe("24h");
    expect(loadUsersConfig({ ...keys, JWT_TTL: "1440m" }).jwtTtl).toBe("1440m");
    for (const ttl of ["25h", "2d", "86401s"]) expect(() => loadUsersConfig({ ...keys, JWT_TTL: ttl })).toThrow(/JWT_TTL is invalid: must be at most 24h/);
    expect(() => loadUsersConfig({ ...keys, JWT_TTL: "forever" })).toThrow(/JWT_TTL is invalid: must be a duration/);
  });
});
