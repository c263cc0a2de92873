const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id column is a PostgreSQL uuid, which rejects anything else with an error. Ids that
 * are not UUIDs cannot exist, so the data layer answers "not found" without asking. Its own
 * package so that code without a database (cursors) can check an id without loading Prisma.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
