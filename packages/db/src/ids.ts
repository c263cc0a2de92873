import { isUuid } from "@shop/ids";

/** Prisma's code for a unique constraint violation (a taken e-mail, SKU or idempotency key). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Entity loads for a DataLoader batch: one query for rows whose id is a UUID (anything else
 * cannot exist), answered in the order of `ids`, with null for the missing ones.
 */
export async function loadByIds<T extends { id: string }>(ids: readonly string[], query: (uuids: string[]) => Promise<T[]>): Promise<(T | null)[]> {
  const uuids = ids.filter(isUuid);
  const rows = uuids.length > 0 ? await query(uuids) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
