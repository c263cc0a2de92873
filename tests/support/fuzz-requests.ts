// fast-check arbitraries for GraphQL requests drawn from a schema: operations on random root
// fields with random selections, depths, aliases, fragments and directives, and argument
// values that are valid, wrong or hostile (control characters, NUL, huge numbers, deep lists),
// written inline or sent as variables; and the same documents broken as text.
import fc from "fast-check";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** Values a hostile client would put into any text. */
const HOSTILE_CHARACTERS = ["\u0000", "\u0001", "\u0008", "\u001b", "\u001f", "\u007f", "\u0085", "\u200b", "\u202e", "\ud800", "\ufeff", "é", "😀", "'", '"', "\\", "\n", "\r", "\t", "%", "$", "{", "}"];
const hostileString = fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE_CHARACTERS), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 40 });
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((length) => "x".repeat(length)) },
);
const anyInt = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 120 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21, 1e300, 0.5, -0) },
);
/** Number literals a JSON value cannot carry: beyond any integer type, or not numbers at all. */
const hostileNumberLiteral = fc.constantFrom("2147483648", "-2147483649", "99999999999999999999999999999", "1e400", "-0", "1.5", "0x10", "1_000", "00", "1e");
const anyJson = fc.jsonValue({ maxDepth: 3 });

export interface FuzzOptions {
  /** Strings that name real things (ids of a product, an order, a user): passed where an ID or String goes, now and then. */
  knownIds: string[];
  /** How deep selections may nest (fields of objects), not counting the root field. */
  maxDepth?: number;
  /** Which operation types to draw from; all that the schema has by default. */
  operations?: OperationKind[];
}

export type OperationKind = "query" | "mutation" | "subscription";

/**
 * Half the documents are well formed, every value of the right type (so that they get past
 * validation into the subgraphs); the other half carry hostile values anywhere.
 */
export function requestArbitrary(schema: GraphQLSchema, options: FuzzOptions): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(documents(schema, options, false), documents(schema, options, true));
}

function documents(schema: GraphQLSchema, { knownIds, maxDepth = 4, operations = ["query", "mutation", "subscription"] }: FuzzOptions, hostile: boolean): fc.Arbitrary<FuzzRequest> {
  const text = hostile ? anyString : fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("EUR", "+14155550123", "customer@test.shop"));
  const idLike = fc.oneof(fc.constantFrom(...knownIds), fc.uuid(), text);
  const int = hostile ? anyInt : fc.integer({ min: -5, max: 120 });
  /** True now and then in a hostile document: a required argument left out, a variable left unset. */
  const rarely = hostile ? fc.integer({ min: 0, max: 7 }).map((draw) => draw === 0) : fc.constant(false);

  /** A JSON value for a variable of this type: the right shape, or in a hostile document sometimes anything. */
  function jsonValue(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
    const right = ((): fc.Arbitrary<unknown> => {
      if (isNonNullType(type)) return jsonValue(type.ofType, depth);
      if (isListType(type)) return depth > 3 ? fc.constant([]) : fc.array(jsonValue(type.ofType, depth + 1), { maxLength: 4 });
      if (isInputObjectType(type)) {
        if (depth > 3) return fc.constant({});
        const fields = Object.values(type.getFields());
        return fc.record(Object.fromEntries(fields.map((field) => [field.name, jsonValue(field.type, depth + 1)])), { requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name) });
      }
      if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
      if (type.name === "Int") return int;
      if (type.name === "Boolean") return fc.boolean();
      if (type.name === "ID") return idLike;
      return fc.oneof(fc.constantFrom(...knownIds), text);
    })();
    const nullable = !isNonNullType(type);
    if (!hostile) return nullable ? fc.option(right, { freq: 8 }) : right;
    return fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyJson });
  }

  /** GraphQL literal text for a value of this type, plus in a hostile document what only text can be: odd numbers, deep lists, raw control characters. */
  function literal(type: GraphQLInputType): fc.Arbitrary<string> {
    const typed = jsonValue(type, 0).map((value) => printLiteral(value, type));
    if (!hostile) return typed;
    const anywhere = fc.oneof(
      hostileNumberLiteral,
      fc.integer({ min: 1, max: 20_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
      fc.integer({ min: 1, max: 5_000 }).map((depth) => `${"{a:".repeat(depth)}1${"}".repeat(depth)}`),
      hostileString.map((raw) => `"${raw}"`),
      fc.constantFrom("null", "true", "$undeclared", "SOME_ENUM", '"""block\u0000string"""'),
    );
    return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: anywhere });
  }

  function argumentsOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Piece> {
    if (field.args.length === 0) return fc.constant(EMPTY);
    return fc.tuple(fc.subarray([...field.args]), rarely).chain(([chosen, dropRequired]) => {
      const args = dropRequired ? chosen : [...new Set([...field.args.filter((arg) => isNonNullType(arg.type)), ...chosen])];
      if (args.length === 0) return fc.constant(EMPTY);
      const argument = (arg: (typeof args)[number]) =>
        fc.oneof(
          literal(arg.type).map((value): Piece => ({ text: `${arg.name}: ${value}`, declarations: [], variables: {} })),
          fc.tuple(variableName, jsonValue(arg.type, 0), rarely).map(([name, value, unset]): Piece => ({
            text: `${arg.name}: $${name}`,
            declarations: [`$${name}: ${String(arg.type)}`],
            variables: unset ? {} : { [name]: value },
          })),
        );
      return fc.tuple(...args.map(argument)).map((pieces) => join(pieces, ", ", (inner) => `(${inner})`));
    });
  }

  /** `single`: exactly one field and nothing around it, as a subscription's root selection must be. */
  function selectionSet(type: GraphQLObjectType, depth: number, single = false): fc.Arbitrary<Piece> {
    const fields = Object.values(type.getFields()).filter((field) => depth < maxDepth || isLeafType(getNamedType(field.type)));
    if (fields.length === 0) return fc.constant({ ...EMPTY, text: "{ __typename }" });
    const maxLength = single ? 1 : Math.min(4, fields.length);
    return fc.tuple(fc.subarray(fields, { minLength: 1, maxLength }), single ? fc.constant(3) : fc.nat(4)).chain(([chosen, wrap]) =>
      fc.tuple(...chosen.map((field) => fieldSelection(field, depth))).map((pieces) =>
        join(pieces, " ", (body) => {
          // Now and then the same fields come through an inline fragment, a directive, or twice.
          if (wrap === 0) return `{ ... on ${type.name} { ${body} } }`;
          if (wrap === 1) return `{ __typename ... @include(if: true) { ${body} } }`;
          if (wrap === 2) return `{ ${body} ${body} }`;
          return `{ ${body} }`;
        }),
      ),
    );
  }

  function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<Piece> {
    const named = getNamedType(field.type);
    const selection = isObjectType(named) ? selectionSet(named, depth + 1) : fc.constant(EMPTY);
    const alias = fc.oneof({ weight: 4, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,6}$/).map((name) => `${name}: `) });
    const skip = fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.boolean().map((value) => ` @skip(if: ${value})`) });
    return fc.tuple(alias, argumentsOf(field), skip, selection).map(([prefix, args, directive, set]) => ({
      text: `${prefix}${field.name}${args.text}${directive} ${set.text}`.trim(),
      declarations: [...args.declarations, ...set.declarations],
      variables: { ...args.variables, ...set.variables },
    }));
  }

  const rootTypes = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  // Subscriptions less often: over a plain POST none of them can run.
  const weights: Record<OperationKind, number> = { query: 3, mutation: 2, subscription: 1 };
  const kinds = operations.filter((keyword) => rootTypes[keyword]).map((keyword) => ({ weight: weights[keyword], arbitrary: fc.constant(keyword) }));
  return fc.oneof(...kinds).chain((keyword) =>
    selectionSet(rootTypes[keyword]!, 0, keyword === "subscription").map(({ text: set, declarations, variables }) => ({
      query: `${keyword} Fuzz${declarations.length ? `(${declarations.join(", ")})` : ""} ${set}`,
      variables,
    })),
  );
}

/** Part of a document, with the variables it declares and their values. */
interface Piece {
  text: string;
  declarations: string[];
  variables: Record<string, unknown>;
}

const EMPTY: Piece = { text: "", declarations: [], variables: {} };
// Random rather than counted, so that every piece is built on its own; a clash is one more invalid document.
const variableName = fc.stringMatching(/^v[0-9a-f]{6}$/);

function join(pieces: Piece[], separator: string, wrap: (text: string) => string): Piece {
  return {
    text: wrap(pieces.map((piece) => piece.text).join(separator)),
    declarations: pieces.flatMap((piece) => piece.declarations),
    variables: Object.assign({}, ...pieces.map((piece) => piece.variables)),
  };
}

/** A request whose document text is broken: cut short, with a character put in, or replaced by any text at all. */
export function brokenRequestArbitrary(requests: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> {
  const inserted = fc.oneof(fc.constantFrom(...HOSTILE_CHARACTERS, "...", "fragment", "#", "@", "(", "[", ":", "!", "=", "|"), fc.string({ unit: "binary", maxLength: 3 }));
  return fc.oneof(
    fc.tuple(requests, fc.double({ min: 0, max: 1, noNaN: true })).map(([request, at]) => ({ ...request, query: request.query.slice(0, Math.floor(request.query.length * at)) })),
    fc.tuple(requests, fc.double({ min: 0, max: 1, noNaN: true }), inserted).map(([request, at, text]) => {
      const cut = Math.floor(request.query.length * at);
      return { ...request, query: `${request.query.slice(0, cut)}${text}${request.query.slice(cut)}` };
    }),
    fc.tuple(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), hostileString), anyJson).map(([query, variables]) => ({ query, variables: { v: variables } })),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => ({ query: `{${"products{".repeat(depth)}${"}".repeat(depth)}}`, variables: {} })),
    fc.integer({ min: 100, max: 20_000 }).map((count) => ({ query: `{ ${"categories ".repeat(count)}}`, variables: {} })),
  );
}

/** GraphQL literal text for a JSON-like value: enum values bare where the type is an enum, strings through JSON.stringify (whose escapes GraphQL accepts). */
export function printLiteral(value: unknown, type?: GraphQLInputType): string {
  const named = type && getNamedType(type);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) {
    const list = type && unwrapNonNull(type);
    return `[${value.map((item) => printLiteral(item, list && isListType(list) ? list.ofType : undefined)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const fields = Object.entries(value).filter(([name]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(name));
    const fieldType = (name: string) => (named && isInputObjectType(named) ? named.getFields()[name]?.type : undefined);
    return `{${fields.map(([name, field]) => `${name}: ${printLiteral(field, fieldType(name))}`).join(", ")}}`;
  }
  if (typeof value === "string") return named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

function unwrapNonNull(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

/** An HTTP request to /graphql as any client might send it, well-formed or not. */
export interface RawRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** Appended to the URL (GET). */
  search?: string;
  body?: string;
}

/** Bodies and headers around the GraphQL request: wrong shapes, broken JSON, odd content types and charsets, too large. */
export function rawRequestArbitrary(requests: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<RawRequest> {
  const json = (body: string, contentType = "application/json"): RawRequest => ({ method: "POST", headers: { "content-type": contentType }, body });
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin1",
    "application/json; charset=utf-16",
    "application/graphql-response+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
  );
  return fc.oneof(
    fc.tuple(fc.record({ query: anyJson, variables: anyJson, operationName: anyJson, extensions: anyJson }, { requiredKeys: [] })).map(([body]) => json(JSON.stringify(body))),
    fc.tuple(requests, anyJson).map(([request, variables]) => json(JSON.stringify({ ...request, variables }))),
    fc.array(requests, { minLength: 1, maxLength: 3 }).map((batch) => json(JSON.stringify(batch))),
    fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.constantFrom("{", '{"query":', '{"query": "{ me { id } }",}', "null", '"a"', "[]", "{}", "\u0000")).map((text) => json(text)),
    fc.tuple(requests, contentType).map(([request, type]) => json(JSON.stringify(request), type)),
    fc.integer({ min: 1_100_000, max: 1_500_000 }).map((size) => json(JSON.stringify({ query: "{ categories }", variables: { padding: "x".repeat(size) } }))),
    fc.tuple(requests, fc.constantFrom("gzip", "deflate", "br", "identity, gzip", "unknown")).map(([request, encoding]) => ({
      method: "POST" as const,
      headers: { "content-type": "application/json", "content-encoding": encoding },
      body: JSON.stringify(request),
    })),
    fc.tuple(requests, fc.oneof(anyString, anyJson.map((value) => JSON.stringify(value)))).map(([request, variables]) => ({
      method: "GET" as const,
      headers: { "apollo-require-preflight": "true" },
      search: `?${new URLSearchParams({ query: request.query, variables })}`,
    })),
  );
}
