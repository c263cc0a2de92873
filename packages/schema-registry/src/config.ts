// The check's settings (the registry's registry.json).
import { isRecord, RegistryInputError } from "./input.ts";
import { LINT_RULES, type LintRule } from "./lint.ts";

/** error: the check fails; warn: it is reported; off: it is not checked. */
export type LintLevel = "error" | "warn" | "off";

export interface RegistryConfig {
  /**
   * Usage-aware checks (as Hive's conditional breaking changes): a breaking change that no
   * registered operation uses is reported as a warning instead of failing the check.
   */
  usageAware: boolean;
  lint: Record<LintRule, LintLevel>;
}

const LINT_LEVELS: readonly string[] = ["error", "warn", "off"] satisfies LintLevel[];
const LINT_RULE_NAMES = Object.keys(LINT_RULES) as LintRule[];

/** Strict by default: every breaking change fails unless approved, and every lint rule is an error. */
export const DEFAULT_REGISTRY_CONFIG: RegistryConfig = {
  usageAware: false,
  lint: Object.fromEntries(LINT_RULE_NAMES.map((rule) => [rule, "error"])) as Record<LintRule, LintLevel>,
};

/** `{ "usageAware": boolean, "lint": { "<RULE>": "error" | "warn" | "off" } }`, both optional. */
export function parseRegistryConfig(value: unknown): RegistryConfig {
  if (!isRecord(value)) throw new RegistryInputError("registry configuration: expected a JSON object");
  const unknownKeys = Object.keys(value).filter((key) => key !== "usageAware" && key !== "lint");
  if (unknownKeys.length > 0) throw new RegistryInputError(`registry configuration: unknown setting ${unknownKeys.join(", ")}`);
  const { usageAware = DEFAULT_REGISTRY_CONFIG.usageAware, lint = {} } = value;
  if (typeof usageAware !== "boolean") throw new RegistryInputError('registry configuration: "usageAware" must be true or false');
  if (!isRecord(lint)) throw new RegistryInputError('registry configuration: "lint" must be an object of rule levels');
  for (const [rule, level] of Object.entries(lint)) {
    if (!(LINT_RULE_NAMES as string[]).includes(rule)) {
      throw new RegistryInputError(`registry configuration: unknown lint rule ${rule} (known: ${LINT_RULE_NAMES.join(", ")})`);
    }
    if (typeof level !== "string" || !LINT_LEVELS.includes(level)) {
      throw new RegistryInputError(`registry configuration: lint rule ${rule} must be "error", "warn" or "off"`);
    }
  }
  return { usageAware, lint: { ...DEFAULT_REGISTRY_CONFIG.lint, ...(lint as Partial<Record<LintRule, LintLevel>>) } };
}
