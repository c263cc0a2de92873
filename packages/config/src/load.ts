import { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses environment variables once, at start, against a zod object schema whose keys
 * are the variable names. Fails with one message that names every missing or invalid
 * variable, so a misconfigured deployment says what to fix instead of crashing later.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings count as unset: `FOO=` in an .env file should fall back to the default.
  const values = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return values[name] === undefined ? `${name} is missing (${issue.message})` : `${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
}
