// Reading the registry's JSON inputs (configuration, approvals), with errors that say what to fix.

/** A registry file that cannot be used as it is. */
export class RegistryInputError extends Error {
  override name = "RegistryInputError";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function requiredString(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== "string" || value.trim() === "") throw new RegistryInputError(`${where}: "${key}" must be a non-empty string`);
  return value;
}
