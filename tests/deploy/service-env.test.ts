// The derivation the deploy tests rely on: which variables each service reads (support/service-env.ts).
import { describe, expect, it } from "vitest";
import { read } from "./support/compose.ts";
import { SERVICES } from "./support/contracts.ts";
import { DEFAULT_IS_RIGHT, variablesRead } from "./support/service-env.ts";

describe("the variables each service reads", () => {
  it("are found in the services' configuration code", () => {
    expect([...variablesRead("gateway")]).toEqual(
      expect.arrayContaining(["GATEWAY_PORT", "SUPERGRAPH_PATH", "CORS_ORIGINS", "REDIS_URL", "JWT_PUBLIC_KEYS", "USERS_URL", "NOTIFICATIONS_URL"]),
    );
    // Keys where they are used: users alone signs user tokens, the gateway calls no subgraph as a service.
    expect([...variablesRead("users")]).toEqual(expect.arrayContaining(["USERS_JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS", "SERVICE_TOKEN_SECRET"]));
    for (const name of ["gateway", "products", "orders", "notifications"] as const) expect([...variablesRead(name)], name).not.toContain("USERS_JWT_PRIVATE_KEY");
    expect([...variablesRead("gateway")]).not.toContain("SERVICE_TOKEN_SECRET");
    expect([...variablesRead("notifications")]).toEqual(
      expect.arrayContaining(["NOTIFICATIONS_PORT", "POSTGRES_URL", "NOTIFICATIONS_DATABASE_URL", "HOST", "REDIS_URL", "USERS_URL", "SMTP_URL", "SMS_API_KEY"]),
    );
    // users publishes no events, but its replicas share the sign-in limits there.
    expect([...variablesRead("users")]).toEqual(expect.arrayContaining(["REDIS_URL", "AUTH_LIMIT_PER_ACCOUNT"]));
    for (const name of SERVICES) {
      expect([...variablesRead(name)], name).toEqual(expect.arrayContaining([`${name.toUpperCase()}_METRICS_PORT`, "SHUTDOWN_GRACE_MS", "OTEL_EXPORTER_OTLP_ENDPOINT"]));
    }
  });

  it("may stay at their defaults only if some service reads them", () => {
    const read = new Set(SERVICES.flatMap((name) => [...variablesRead(name)]));
    expect(Object.keys(DEFAULT_IS_RIGHT).filter((name) => !read.has(name))).toEqual([]);
  });

  it("are all listed in .env.example and the configuration table", () => {
    const example = new Set([...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    const configuration = read("docs/configuration.md");
    for (const name of new Set(SERVICES.flatMap((service) => [...variablesRead(service)]))) {
      expect(example.has(name), `${name} is not in .env.example`).toBe(true);
      expect(configuration, `${name} is not in docs/configuration.md's table`).toContain(`\`${name}\``);
    }
  });
});
