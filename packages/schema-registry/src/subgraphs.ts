// Subgraph SDL and which subgraph a change of the API schema came from.
import { parse, print, type ASTNode, type DefinitionNode } from "graphql";

/** A subgraph's SDL under its name. */
export interface SubgraphSchema {
  name: string;
  sdl: string;
}

/** A subgraph proposed for publishing: its SDL from its code and where the gateway reaches it. */
export interface CandidateSubgraph extends SubgraphSchema {
  url: string;
}

/**
 * Attributes schema coordinates (`Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`) to
 * the subgraphs whose SDL changed there between the published and the candidate state.
 */
export function changeAttribution(published: readonly SubgraphSchema[], candidate: readonly SubgraphSchema[]) {
  const before = new Map(published.map(({ name, sdl }) => [name, definitionsOf(sdl)]));
  const after = new Map(candidate.map(({ name, sdl }) => [name, definitionsOf(sdl)]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  /** The subgraphs that changed at the coordinate or, if none did, at the nearest enclosing one. */
  return function subgraphsChangedAt(coordinate: string): string[] {
    for (let current = coordinate; current; current = enclosing(current)) {
      const changed = names.filter((name) => before.get(name)?.get(current) !== after.get(name)?.get(current));
      if (changed.length > 0) return changed;
    }
    return [];
  };
}

/** "Type.field.argument" -> "Type.field" -> "Type" -> "". */
export function enclosing(coordinate: string): string {
  const dot = coordinate.lastIndexOf(".");
  return dot < 0 ? "" : coordinate.slice(0, dot);
}

/** Every coordinate the SDL defines, with its printed definition (a type's extensions add to it). */
function definitionsOf(sdl: string): Map<string, string> {
  const definitions = new Map<string, string>();
  const add = (coordinate: string, node: ASTNode) => definitions.set(coordinate, (definitions.get(coordinate) ?? "") + print(node));
  let document;
  try {
    document = parse(sdl);
  } catch {
    return definitions; // composition reports the syntax error
  }
  for (const definition of document.definitions) {
    const type = typeNameOf(definition);
    if (!type) continue;
    add(type, definition);
    const members = [
      ...("fields" in definition ? (definition.fields ?? []) : []),
      ...("values" in definition ? (definition.values ?? []) : []),
    ];
    for (const member of members) {
      const coordinate = `${type}.${member.name.value}`;
      add(coordinate, member);
      for (const argument of "arguments" in member ? (member.arguments ?? []) : []) add(`${coordinate}.${argument.name.value}`, argument);
    }
  }
  return definitions;
}

function typeNameOf(definition: DefinitionNode): string | undefined {
  if (definition.kind === "DirectiveDefinition") return `@${definition.name.value}`;
  return "name" in definition && definition.name ? definition.name.value : undefined;
}
