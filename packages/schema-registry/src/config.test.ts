import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTRY_CONFIG, parseRegistryConfig } from "./config.ts";

describe("parseRegistryConfig", () => {
  it("is strict by default and takes the levels it is given", () => {
    expect(parseRegistryConfig({})).toEqual(DEFAULT_REGISTRY_CONFIG);
    expect(DEFAULT_REGISTRY_CONFIG.usageAware).toBe(false);
    expect(new Set(Object.values(DEFAULT_REGISTRY_CONFIG.lint))).toEqual(new Set(["error"]));
    const config = parseRegistryConfig({ usageAware: true, lint: { ENUM_VALUE_CASE: "warn", ROOT_FIELD_DESCRIPTION_MISSING: "off" } });
    expect(config).toEqual({
      usageAware: true,
      lint: { ...DEFAULT_REGISTRY_CONFIG.lint, ENUM_VALUE_CASE: "warn", ROOT_FIELD_DESCRIPTION_MISSING: "off" },
    });
  });

  it("says what is wrong with a configuration it cannot use", () => {
    expect(() => parseRegistryConfig([])).toThrow("expected a JSON object");
    expect(() => parseRegistryConfig({ usageAwre: true })).toThrow("unknown setting usageAwre");
    expect(() => parseRegistryConfig({ usageAware: "yes" })).toThrow('"usageAware" must be true or false');
    expect(() => parseRegistryConfig({ lint: "strict" })).toThrow('"lint" must be an object');
    expect(() => parseRegistryConfig({ lint: { CAMEL: "error" } })).toThrow(/unknown lint rule CAMEL \(known: TYPE_NAME_CASE, /);
    expect(() => parseRegistryConfig({ lint: { TYPE_NAME_CASE: "fatal" } })).toThrow('lint rule TYPE_NAME_CASE must be "error", "warn" or "off"');
  });
});
