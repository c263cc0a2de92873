import { useState, type FormEvent } from "react";
import { useQuery } from "@apollo/client/react";
import { CatalogueDocument, CategoriesDocument } from "../generated/graphql.ts";
import { formatMoney, lineOf, type CartApi } from "../cart.ts";
import { ErrorMessage, Loading, Page } from "../components.tsx";
import { href } from "../router.ts";

const PAGE_SIZE = 6;

export function CataloguePage({ cart }: { cart: CartApi }) {
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState<{ search?: string; category?: string }>({});
  // The cursors of the pages before this one, to go back; `after` is this page's.
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const [after, setAfter] = useState<string | undefined>();
  const categories = useQuery(CategoriesDocument);
  const { data, loading, error } = useQuery(CatalogueDocument, { variables: { first: PAGE_SIZE, after, ...filters } });
  const products = data?.products;

  const refilter = (next: typeof filters) => {
    setFilters(next);
    setAfter(undefined);
    setPrevious([]);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    refilter({ ...filters, search: search.trim() || undefined });
  };

  return (
    <Page title="Catalogue">
      <form role="search" className="filters" onSubmit={onSearch}>
        <label>
          Search
          <input type="search" name="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="submit">Search</button>
        <label>
          Category
          <select value={filters.category ?? ""} onChange={(event) => refilter({ ...filters, category: event.target.value || undefined })}>
            <option value="">All categories</option>
            {categories.data?.categories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={error} />
      {loading && !products ? <Loading what="products" /> : null}
      {products ? (
        <>
          <p role="status" aria-live="polite">
            {products.totalCount} {products.totalCount === 1 ? "product" : "products"}
          </p>
          <ul className="products">
            {products.edges.map(({ node }) => (
              <li key={node.id} className="card">
                <h2>
                  <a href={href.product(node.id)}>{node.name}</a>
                </h2>
                <p>
                  {formatMoney(node.priceCents, node.currency)} · {node.category ?? "uncategorised"}
                </p>
                <p>{node.stock > 0 ? `${node.stock} in stock` : "Out of stock"}</p>
                <button type="button" disabled={node.stock < 1} onClick={() => cart.add(lineOf(node))} aria-label={`Add ${node.name} to cart`}>
                  Add to cart
                </button>
              </li>
            ))}
          </ul>
          <nav aria-label="Catalogue pages" className="pager">
            <button
              type="button"
              disabled={previous.length === 0}
              onClick={() => {
                setAfter(previous.at(-1));
                setPrevious(previous.slice(0, -1));
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!products.pageInfo.hasNextPage}
              onClick={() => {
                setPrevious([...previous, after]);
                setAfter(products.pageInfo.endCursor ?? undefined);
              }}
            >
              Next page
            </button>
          </nav>
        </>
      ) : null}
    </Page>
  );
}
