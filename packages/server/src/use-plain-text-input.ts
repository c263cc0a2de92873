import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { BREAK, GraphQLError, visit, type DocumentNode } from "graphql";
import { ErrorCode } from "@shop/errors";

// Tab, line feed and carriage return: the only controls a multi-line text (a description) holds.
const LINE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/** NUL and the other C0 and C1 control characters: nothing a person types, and PostgreSQL refuses NUL. */
export function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && !LINE_CONTROLS.has(code)) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Refuses, with BAD_USER_INPUT before anything runs, an operation whose text inputs (string
 * literals in the document or strings anywhere in its variables) hold a control character.
 * One check at every service's edge, so no field of any subgraph can store one.
 */
export function usePlainTextInput<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  // Per parsed document (Apollo Server keeps one per query): a query sent again is not walked again.
  const literals = new WeakMap<DocumentNode, string | null>();
  const literalIn = (document: DocumentNode) => {
    let where = literals.get(document);
    if (where === undefined) literals.set(document, (where = literalWithControlCharacter(document) ?? null));
    return where ?? undefined;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = literalIn(document) ?? variableWithControlCharacter(request.variables ?? {});
          if (where === undefined) return;
          throw new GraphQLError(`Text must not contain control characters (${where}).`, {
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          });
        },
      };
    },
  };
}

function literalWithControlCharacter(document: DocumentNode): string | undefined {
  let where: string | undefined;
  visit(document, {
    StringValue(node) {
      if (!hasControlCharacter(node.value)) return undefined;
      where = `the string at line ${node.loc?.startToken.line ?? "?"}`;
      return BREAK;
    },
  });
  return where;
}

/** Names the variable; walks its value without recursion, as its JSON can be nested as deep as the body allows. */
function variableWithControlCharacter(variables: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(variables)) {
    const pending: unknown[] = [value];
    while (pending.length > 0) {
      const item = pending.pop();
      if (typeof item === "string" && hasControlCharacter(item)) return `variable $${name}`;
      // One push at a time: spreading a list of a few hundred thousand items would overflow the stack.
      if (item && typeof item === "object") for (const child of Object.values(item)) pending.push(child);
    }
  }
  return undefined;
}
