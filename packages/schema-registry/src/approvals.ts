// Breaking changes a reviewer accepted, each named by its code and schema coordinate.
import { isRecord, RegistryInputError, requiredString } from "./input.ts";

export interface Approval {
  /** The change's code, e.g. FIELD_REMOVED. */
  code: string;
  /** The change's schema coordinate, e.g. Product.legacySku. */
  coordinate: string;
  reason: string;
  approvedBy: string;
}

/** A JSON array of approvals; every field is required, so that each approval says who and why. */
export function parseApprovals(value: unknown): Approval[] {
  if (!Array.isArray(value)) throw new RegistryInputError("approvals: expected a JSON array");
  return value.map((entry, index) => {
    const where = `approvals[${index}]`;
    if (!isRecord(entry)) throw new RegistryInputError(`${where}: expected an object`);
    return {
      code: requiredString(entry, "code", where),
      coordinate: requiredString(entry, "coordinate", where),
      reason: requiredString(entry, "reason", where),
      approvedBy: requiredString(entry, "approvedBy", where),
    };
  });
}

export function approvalFor(approvals: readonly Approval[], change: { code: string; coordinate: string }): Approval | undefined {
  return approvals.find((approval) => approval.code === change.code && approval.coordinate === change.coordinate);
}
