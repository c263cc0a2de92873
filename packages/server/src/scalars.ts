import { GraphQLScalarType, Kind } from "graphql";
import { BadUserInputError } from "@shop/errors";

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(typeof value === "string" || typeof value === "number" ? value : NaN);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError("DateTime must be an ISO 8601 date-time string.");
  return date;
}

/** ISO 8601 timestamps in UTC, as every subgraph declares `scalar DateTime`. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO 8601 date-time in UTC, e.g. 2026-11-25T18:46:07.000Z.",
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new BadUserInputError("DateTime must be a string.");
    return toDate(ast.value);
  },
});
