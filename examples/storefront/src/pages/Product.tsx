import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { ProductDocument } from "../generated/graphql.ts";
import { formatMoney, lineOf, type CartApi } from "../cart.ts";
import { ErrorMessage, Loading, Page } from "../components.tsx";
import { href } from "../router.ts";

export function ProductPage({ id, cart }: { id: string; cart: CartApi }) {
  const { data, loading, error } = useQuery(ProductDocument, { variables: { id } });
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const product = data?.product;
  if (loading && !data) return <Loading what="the product" />;
  if (!product) {
    return (
      <Page title="Product not found">
        <ErrorMessage error={error} />
        <a href={href.catalogue}>Back to the catalogue</a>
      </Page>
    );
  }
  return (
    <Page title={product.name}>
      <p>{product.description}</p>
      <dl className="facts">
        <dt>Price</dt>
        <dd>{formatMoney(product.priceCents, product.currency)}</dd>
        <dt>Category</dt>
        <dd>{product.category ?? "uncategorised"}</dd>
        <dt>Stock</dt>
        <dd>{product.stock}</dd>
        <dt>SKU</dt>
        <dd>{product.sku}</dd>
      </dl>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          cart.add(lineOf(product), quantity);
          setAdded(true);
        }}
      >
        <label>
          Quantity
          <input type="number" min={1} max={Math.max(1, product.stock)} value={quantity} onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))} />
        </label>
        <button type="submit" disabled={product.stock < 1}>
          Add to cart
        </button>
      </form>
      <p role="status" aria-live="polite">
        {added ? (
          <>
            Added. <a href={href.cart}>Go to the cart</a>
          </>
        ) : null}
      </p>
    </Page>
  );
}
