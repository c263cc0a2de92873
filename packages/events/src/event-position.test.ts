import { describe, expect, it } from "vitest";
import { parseEventPosition } from "./event-position.ts";

describe("parseEventPosition", () => {
  it("reads a decimal position, beyond what a JSON number holds exactly", () => {
    expect(parseEventPosition("0")).toBe(0n);
    expect(parseEventPosition("42")).toBe(42n);
    expect(parseEventPosition("9007199254740993")).toBe(9_007_199_254_740_993n);
    expect(parseEventPosition("9223372036854775807")).toBe(2n ** 63n - 1n);
  });

  it("refuses what is not a position", () => {
    for (const text of ["", "-1", "01", "1.5", "1e3", " 1", "abc", "12345678901234567890", "9223372036854775808"]) expect(parseEventPosition(text), text).toBeNull();
  });
});
