const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id column is a PostgreSQL uuid, which rejects anything else with an error. Ids that
 * are not UUIDs cannot exist, so the data layer answers "not found" without asking.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Prisma's code for a unique constraint violation (a taken e-mail, SKU or idempotency key). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
