import { describe, expect, it } from "vitest";
import { approvalFor, parseApprovals } from "./approvals.ts";
import { RegistryInputError } from "./input.ts";

const APPROVAL = { code: "FIELD_REMOVED", coordinate: "Product.legacySku", reason: "Unused since the SPA's v3.", approvedBy: "alice" };

describe("approvals", () => {
  it("reads approvals and finds the one for a change by code and coordinate", () => {
    const approvals = parseApprovals([APPROVAL]);
    expect(approvals).toEqual([APPROVAL]);
    expect(approvalFor(approvals, { code: "FIELD_REMOVED", coordinate: "Product.legacySku" })).toEqual(APPROVAL);
    expect(approvalFor(approvals, { code: "FIELD_TYPE_CHANGED", coordinate: "Product.legacySku" })).toBeUndefined();
    expect(approvalFor(approvals, { code: "FIELD_REMOVED", coordinate: "Product.sku" })).toBeUndefined();
  });

  it("refuses an approval that does not say what, who and why", () => {
    expect(() => parseApprovals({})).toThrow(RegistryInputError);
    expect(() => parseApprovals(["FIELD_REMOVED"])).toThrow("approvals[0]: expected an object");
    expect(() => parseApprovals([{ ...APPROVAL, reason: "  " }])).toThrow('approvals[0]: "reason" must be a non-empty string');
    const { approvedBy: _approvedBy, ...anonymous } = APPROVAL;
    expect(() => parseApprovals([APPROVAL, anonymous])).toThrow('approvals[1]: "approvedBy" must be a non-empty string');
  });
});
