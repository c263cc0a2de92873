import { isUuid } from "@shop/ids";
import { BadUserInputError } from "@shop/errors";

/** Where a keyset page starts: the sort key of the last row the client saw. */
export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  take: number;
  after: KeysetCursor | null;
}

// Cursors come back from clients: anything outside what this API could have issued is refused.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const MAX_PAGE_SIZE = 100;

export function encodeCursor({ createdAt, id }: KeysetCursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): KeysetCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const date = new Date(String(createdAt));
    const time = date.getTime();
    if (typeof id !== "string" || !isUuid(id) || !(time >= EARLIEST && time < LATEST)) throw new Error("bad cursor");
    return { createdAt: date, id };
  } catch {
    throw new BadUserInputError("`after` is not a cursor this API returned.", { argument: "after" });
  }
}

/** Validates Relay arguments; the data layer fetches `take + 1` rows to learn whether there is a next page. */
export function parsePageArgs(args: { first?: number | null; after?: string | null }, defaultSize = 20): PageRequest {
  const take = args.first ?? defaultSize;
  if (!Number.isInteger(take) || take < 0 || take > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}.`, { argument: "first" });
  }
  return { take, after: args.after ? decodeCursor(args.after) : null };
}

/** Keyset condition for rows sorted by createdAt DESC, id DESC, strictly after the cursor. */
export function afterCursorWhere(after: KeysetCursor | null) {
  if (!after) return {};
  return {
    OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
  };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** Keyset condition for rows sorted by createdAt ASC, id ASC (OLDEST_FIRST), strictly after the cursor: what came since. */
export function sinceCursorWhere(since: KeysetCursor) {
  return {
    OR: [{ createdAt: { gt: since.createdAt } }, { createdAt: since.createdAt, id: { gt: since.id } }],
  };
}

export const OLDEST_FIRST = [{ createdAt: "asc" as const }, { id: "asc" as const }];

/**
 * Turns `take + 1` fetched rows into a connection. An empty page (`first: 0`) ends where it
 * started, so a client can still continue from its `endCursor`.
 */
export function toConnection<T extends KeysetCursor>(rows: T[], { take, after }: PageRequest, totalCount: number): Connection<T> {
  const page = rows.slice(0, take);
  const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
  const endCursor = edges.at(-1)?.cursor ?? (after ? encodeCursor(after) : null);
  return { edges, pageInfo: { hasNextPage: rows.length > take, endCursor }, totalCount };
}
