import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import { ORDER_STATUS_MOVES } from "@shop/events/order-status";
import { AdjustStockDocument, CatalogueDocument, OrderDocument, UpdateOrderStatusDocument } from "../generated/graphql.ts";
import { ErrorMessage, formatTime, Page } from "../components.tsx";
import { href, navigate } from "../router.ts";
import { shortId } from "./Orders.tsx";

export function AdminPage({ orderId }: { orderId?: string }) {
  return (
    <Page title="Back office">
      <OrderStatusPanel orderId={orderId} />
      <StockAdjuster />
    </Page>
  );
}

function OrderStatusPanel({ orderId }: { orderId?: string }) {
  const [typed, setTyped] = useState(orderId ?? "");
  const { data, error } = useQuery(OrderDocument, { variables: { id: orderId ?? "" }, skip: !orderId });
  const [updateStatus, update] = useMutation(UpdateOrderStatusDocument);
  const order = data?.order;
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) navigate(href.admin(typed.trim()));
  };
  return (
    <section aria-labelledby="orders-title" className="panel">
      <h2 id="orders-title">Orders</h2>
      <form onSubmit={open} className="filters">
        <label>
          Order id
          <input name="orderId" value={typed} onChange={(event) => setTyped(event.target.value)} required />
        </label>
        <button type="submit">Open order</button>
      </form>
      <ErrorMessage error={error} />
      {orderId && data && !order ? <p role="alert">No order with this id.</p> : null}
      {order ? (
        <div>
          <p>
            Order #{shortId(order.id)} of {order.user.email}: <strong data-testid="admin-order-status">{order.status}</strong>
          </p>
          <ol className="timeline" aria-label="Status timeline">
            {order.history.map((entry) => (
              <li key={`${entry.status}-${entry.at}`}>
                {entry.status} <time dateTime={entry.at}>{formatTime(entry.at)}</time>
              </li>
            ))}
          </ol>
          {ORDER_STATUS_MOVES[order.status].length === 0 ? <p>This order is {order.status}: it moves no further.</p> : null}
          <div className="actions">
            {ORDER_STATUS_MOVES[order.status].map((next) => (
              <button
                key={next}
                type="button"
                disabled={update.loading}
                className={next === "CANCELLED" ? "danger" : "primary"}
                onClick={() => updateStatus({ variables: { id: order.id, status: next } }).catch(() => undefined)}
              >
                Move to {next}
              </button>
            ))}
          </div>
          <ErrorMessage error={update.error} />
        </div>
      ) : null}
    </section>
  );
}

function StockAdjuster() {
  const [search, setSearch] = useState("");
  const { data } = useQuery(CatalogueDocument, { variables: { first: 20, search: search.trim() || undefined } });
  const [adjustStock, { data: adjusted, loading, error }] = useMutation(AdjustStockDocument);
  const [productId, setProductId] = useState("");
  const [delta, setDelta] = useState(1);
  const products = data?.products.edges.map(({ node }) => node) ?? [];
  const selected = products.find((product) => product.id === productId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (productId) adjustStock({ variables: { productId, delta } }).catch(() => undefined);
  };
  return (
    <section aria-labelledby="stock-title" className="panel">
      <h2 id="stock-title">Stock</h2>
      <form onSubmit={submit} className="filters">
        <label>
          Find a product
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Product
          <select value={productId} onChange={(event) => setProductId(event.target.value)} required>
            <option value="">Choose a product</option>
            {products.map((product) => (
              <option key={product.id} value={product.id}>
                {product.name} ({product.stock} in stock)
              </option>
            ))}
          </select>
        </label>
        <label>
          Change by (negative to remove)
          <input type="number" value={delta} onChange={(event) => setDelta(Math.trunc(Number(event.target.value)) || 0)} />
        </label>
        <button type="submit" disabled={loading || !productId}>
          Adjust stock
        </button>
      </form>
      <p role="status" aria-live="polite">
        {adjusted && selected ? `${selected.name}: ${adjusted.adjustStock.stock} in stock.` : null}
      </p>
      <ErrorMessage error={error} />
    </section>
  );
}
