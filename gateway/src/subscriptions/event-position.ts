// Where a payload's root value keeps its event's position, beside the payload under its
// response key; a symbol, so that no response key can be it.
const POSITION = Symbol("event position");

/** The root value of an event's payload, with the event's position for the result's `extensions.position`. */
export function rootValue(responseKey: string, payload: unknown, position: string | undefined): Record<string | symbol, unknown> {
  return position === undefined ? { [responseKey]: payload } : { [responseKey]: payload, [POSITION]: position };
}

/** The position a root value carries, if its event has one. */
export function positionOf(root: unknown): string | undefined {
  return root && typeof root === "object" ? ((root as Record<symbol, string | undefined>)[POSITION] ?? undefined) : undefined;
}
