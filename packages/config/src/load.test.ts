import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, env, loadConfig } from "./index.ts";

const schema = z.object({
  PORT: env.port(4001),
  API_KEY: z.string().min(32),
  CORS_ORIGINS: env.origins(["http://localhost:3000"]),
});

describe("loadConfig", () => {
  it("applies defaults and coerces values", () => {
    const config = loadConfig(schema, { API_KEY: "x".repeat(32), PORT: "5000", CORS_ORIGINS: "http://a.test, https://b.test,," });
    expect(config).toEqual({ PORT: 5000, API_KEY: "x".repeat(32), CORS_ORIGINS: ["http://a.test", "https://b.test"] });
    expect(() => loadConfig(schema, { API_KEY: "x".repeat(32), CORS_ORIGINS: "shop.example" })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig(schema, { API_KEY: "x".repeat(32), PORT: "" }).PORT).toBe(4001);
  });

  it("names every missing and invalid variable in one error", () => {
    expect(() => loadConfig(schema, { PORT: "http" })).toThrow(ConfigError);
    try {
      loadConfig(schema, { PORT: "http" });
    } catch (error) {
      expect((error as Error).message).toMatch(/API_KEY is missing/);
      expect((error as Error).message).toMatch(/PORT is invalid/);
    }
  });
});
