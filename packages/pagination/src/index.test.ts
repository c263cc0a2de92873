import { describe, expect, it } from "vitest";
import { afterCursorWhere, decodeCursor, encodeCursor, parsePageArgs, sinceCursorWhere, toConnection } from "./index.ts";

const row = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, createdAt: new Date(Date.UTC(2026, 0, n)) });
const page = (take: number, after: ReturnType<typeof row> | null = null) => ({ take, after });

describe("pagination", () => {
  it("round-trips cursors", () => {
    expect(decodeCursor(encodeCursor(row(3)))).toEqual(row(3));
  });

  it("rejects foreign cursors and out-of-range sizes with BAD_USER_INPUT", () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const args of [
      { after: "nope" },
      { after: cursor([1]) },
      { after: cursor(["2026-01-01T00:00:00Z", "not-a-uuid"]) },
      { after: cursor(["-271821-04-20T00:00:00Z", row(1).id]) },
      { first: -1 },
      { first: 101 },
    ]) {
      expect(() => parsePageArgs(args)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    }
    expect(parsePageArgs({})).toEqual({ take: 20, after: null });
    expect(parsePageArgs({ first: 0, after: null }).take).toBe(0);
  });

  it("builds a connection from take + 1 rows", () => {
    const connection = toConnection([row(3), row(2), row(1)], page(2), 7);
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([row(3).id, row(2).id]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(row(2)) });
    expect(connection.totalCount).toBe(7);
    expect(toConnection([row(1)], page(2), 1).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(row(1)) });
    expect(toConnection([], page(2), 0).pageInfo.endCursor).toBeNull();
  });

  it("lets a client continue after an empty first: 0 page", () => {
    expect(toConnection([row(2)], page(0), 5).pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    expect(toConnection([row(2)], page(0, row(3)), 5).pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(row(3)) });
  });

  it("selects rows strictly after the cursor in newest-first order", () => {
    expect(afterCursorWhere(null)).toEqual({});
    expect(afterCursorWhere(row(2))).toEqual({
      OR: [{ createdAt: { lt: row(2).createdAt } }, { createdAt: row(2).createdAt, id: { lt: row(2).id } }],
    });
  });

  it("selects rows strictly after the cursor in oldest-first order", () => {
    expect(sinceCursorWhere(row(2))).toEqual({
      OR: [{ createdAt: { gt: row(2).createdAt } }, { createdAt: row(2).createdAt, id: { gt: row(2).id } }],
    });
  });
});
