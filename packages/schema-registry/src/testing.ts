// Fixture schemas for this package's tests: a catalog and a reviews subgraph, and the operations
// a client registered against them.
import { DEFAULT_REGISTRY_CONFIG } from "./config.ts";
import type { CheckInput } from "./check.ts";
import { composeSubgraphs } from "./compose.ts";
import type { CandidateSubgraph } from "./subgraphs.ts";

const CATALOG = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible"])

type PageInfo @shareable {
  hasNextPage: Boolean!
  endCursor: String
}

enum ProductStatus {
  ACTIVE
  ARCHIVED
}

type Product @key(fields: "id") {
  id: ID!
  name: String!
  sku: String!
  legacyCode: String @deprecated(reason: "Use sku.")
  weightGrams: Int
  priceCents: Int!
  status: ProductStatus!
  costCents: Int! @inaccessible
}

input ProductFilter {
  search: String
}

type Query {
  "A product by id."
  product(id: ID!): Product
  "The catalogue, filtered."
  products(first: Int = 20, filter: ProductFilter): [Product!]!
}

type Mutation {
  "Renames a product."
  renameProduct(id: ID!, name: String!): Product!
}
`;

const REVIEWS = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type PageInfo @shareable {
  hasNextPage: Boolean!
  endCursor: String
}

type Product @key(fields: "id") {
  id: ID!
  reviews: [Review!]!
}

type Review {
  id: ID!
  rating: Int!
  body: String
}

type Query {
  "The latest reviews, newest first."
  latestReviews(first: Int = 10): [Review!]!
}
`;

export const SUBGRAPHS: CandidateSubgraph[] = [
  { name: "catalog", url: "http://catalog.test/graphql", sdl: CATALOG },
  { name: "reviews", url: "http://reviews.test/graphql", sdl: REVIEWS },
];

export const OPERATIONS = [
  {
    file: "operations/product-page.graphql",
    source: /* GraphQL */ `
      query ProductPage($id: ID!) {
        product(id: $id) { ...ProductHeader priceCents reviews { rating body } }
      }
      fragment ProductHeader on Product { id name sku }
    `,
  },
  {
    file: "operations/catalogue.graphql",
    source: /* GraphQL */ `query Catalogue($filter: ProductFilter) { products(filter: $filter) { id name status } }`,
  },
  {
    file: "operations/rename.graphql",
    source: /* GraphQL */ `mutation Rename($id: ID!, $name: String!) { renameProduct(id: $id, name: $name) { id name } }`,
  },
];

/** The fixture subgraphs with one's SDL edited (a string replaced, which must be there). */
export function edited(name: string, search: string | RegExp, replacement: string): CandidateSubgraph[] {
  return SUBGRAPHS.map((subgraph) => {
    if (subgraph.name !== name) return subgraph;
    const sdl = subgraph.sdl.replace(search, replacement);
    if (sdl === subgraph.sdl) throw new Error(`fixture ${name} has no ${search}`);
    return { ...subgraph, sdl };
  });
}

function publishedSupergraph(): string {
  const composition = composeSubgraphs(SUBGRAPHS);
  if (!composition.ok) throw new Error(`fixture subgraphs do not compose: ${JSON.stringify(composition.errors)}`);
  return composition.supergraphSdl;
}

/** A check of `candidate` against the fixtures as published, with the fixture operations registered. */
export function checkInputFor(candidate: CandidateSubgraph[], overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    published: { supergraphSdl: publishedSupergraph(), subgraphs: SUBGRAPHS },
    candidate,
    operations: OPERATIONS,
    approvals: [],
    config: DEFAULT_REGISTRY_CONFIG,
    ...overrides,
  };
}
