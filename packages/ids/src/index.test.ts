import { describe, expect, it } from "vitest";
import { isUuid } from "./index.ts";

describe("isUuid", () => {
  it("accepts a UUID in either case and nothing else", () => {
    expect(isUuid("3f1c2b9e-8a4d-4c6e-9b1a-2d3e4f5a6b7c")).toBe(true);
    expect(isUuid("3F1C2B9E-8A4D-4C6E-9B1A-2D3E4F5A6B7C")).toBe(true);
    for (const value of ["", "42", "3f1c2b9e8a4d4c6e9b1a2d3e4f5a6b7c", " 3f1c2b9e-8a4d-4c6e-9b1a-2d3e4f5a6b7c", "3f1c2b9e-8a4d-4c6e-9b1a-2d3e4f5a6b7g"]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});
