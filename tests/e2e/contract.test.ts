// The API the gateway serves keeps every name and nullability of the client contract
// (schema/contract.graphql, a copy of the fixed contract), and the committed supergraph is
// exactly what composing the subgraphs gives.
import { isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType } from "graphql";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../scripts/supergraph.ts";
import { apiSchema as api, contractSchema as contract, supergraphSdl as committed } from "../support/schemas.ts";

function shapeOf(type: GraphQLNamedType): string[] {
  if (isObjectType(type)) {
    return Object.values(type.getFields()).flatMap((field) => [
      `${field.name}: ${field.type}`,
      ...field.args.map((arg) => `${field.name}(${arg.name}: ${arg.type}${arg.defaultValue !== undefined ? ` = ${JSON.stringify(arg.defaultValue)}` : ""})`),
    ]);
  }
  if (isInputObjectType(type)) return Object.values(type.getFields()).map((field) => `${field.name}: ${field.type}`);
  if (isEnumType(type)) return type.getValues().map((value) => value.name);
  return [];
}

describe("the supergraph", () => {
  it("composes from the subgraphs byte for byte as committed", () => {
    const outcome = composeSupergraph();
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.supergraphSdl).toBe(committed);
  });

  const contractTypes = Object.values(contract.getTypeMap()).filter((type) => !type.name.startsWith("__"));

  it.each(contractTypes.map((type) => [type.name, type] as const))("serves %s as the contract names it", (name, type) => {
    const served = api.getType(name);
    expect(served, `${name} is missing from the API schema`).toBeDefined();
    expect(served!.constructor).toBe(type.constructor);
    const missing = shapeOf(type).filter((entry) => !shapeOf(served!).includes(entry));
    expect(missing).toEqual([]);
  });

  it("keeps internal service-to-service fields out of the client API", () => {
    const mutations = Object.keys(api.getMutationType()!.getFields());
    expect(mutations).not.toContain("reserveStock");
    expect(mutations).not.toContain("releaseStock");
    expect(mutations).not.toContain("createNotification");
  });
});
