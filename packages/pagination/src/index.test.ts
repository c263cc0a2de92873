import { describe, expect, it } from "vitest";
import { afterCursorWhere, decodeCursor, encodeCursor, parsePageArgs, toConnection } from "./index.ts";

const row = (n: number) => ({ id: `id-${n}`, createdAt: new Date(Date.UTC(2026, 0, n)) });

describe("pagination", () => {
  it("round-trips cursors", () => {
    expect(decodeCursor(encodeCursor(row(3)))).toEqual(row(3));
  });

  it("rejects foreign cursors and out-of-range sizes with BAD_USER_INPUT", () => {
    for (const args of [{ after: "nope" }, { after: Buffer.from("[1]").toString("base64url") }, { first: -1 }, { first: 101 }]) {
      expect(() => parsePageArgs(args)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    }
    expect(parsePageArgs({})).toEqual({ take: 20, after: null });
    expect(parsePageArgs({ first: 0, after: null }).take).toBe(0);
  });

  it("builds a connection from take + 1 rows", () => {
    const connection = toConnection([row(3), row(2), row(1)], 2, 7);
    expect(connection.edges.map((edge) => edge.node.id)).toEqual(["id-3", "id-2"]);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(row(2)) });
    expect(connection.totalCount).toBe(7);
    expect(toConnection([row(1)], 2, 1).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(row(1)) });
    expect(toConnection([], 2, 0).pageInfo.endCursor).toBeNull();
  });

  it("selects rows strictly after the cursor in newest-first order", () => {
    expect(afterCursorWhere(null)).toEqual({});
    expect(afterCursorWhere(row(2))).toEqual({
      OR: [{ createdAt: { lt: row(2).createdAt } }, { createdAt: row(2).createdAt, id: { lt: "id-2" } }],
    });
  });
});
