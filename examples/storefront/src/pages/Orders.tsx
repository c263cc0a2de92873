import { useState } from "react";
import { useQuery, useSubscription } from "@apollo/client/react";
import { MyOrdersDocument, OrderDocument, OrderStatusChangedDocument } from "../generated/graphql.ts";
import { formatMoney } from "../cart.ts";
import { ErrorMessage, formatTime, Loading, Page } from "../components.tsx";
import { href } from "../router.ts";

/** An order's id as people read it (the notifications' "Order #C15948D1"). */
export const shortId = (id: string) => id.slice(0, 8).toUpperCase();

export function MyOrdersPage() {
  const { data, loading, error } = useQuery(MyOrdersDocument, { variables: { first: 20 }, fetchPolicy: "cache-and-network" });
  const orders = data?.me?.orders;
  return (
    <Page title="My orders">
      <ErrorMessage error={error} />
      {loading && !orders ? <Loading what="your orders" /> : null}
      {orders && orders.edges.length === 0 ? <p>No orders yet.</p> : null}
      <ul className="orders">
        {orders?.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <a href={href.order(node.id)}>Order #{shortId(node.id)}</a> · <span className="status">{node.status}</span> · {formatMoney(node.totalCents, node.currency)} ·{" "}
            {formatTime(node.createdAt)}
            <p>{node.items.map((item) => `${item.quantity} × ${item.product.name}`).join(", ")}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function OrderPage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const { data, loading, error } = useQuery(OrderDocument, { variables: { id } });
  const [live, setLive] = useState<string | null>(null);
  // Each change arrives as the Order (same id): the cache merges it into the page's query.
  const subscription = useSubscription(OrderStatusChangedDocument, {
    variables: { orderId: id },
    onData: ({ data: event }) => {
      if (event.data) setLive(`Order is now ${event.data.orderStatusChanged.status}.`);
    },
  });
  const order = data?.order;
  if (loading && !data) return <Loading what="the order" />;
  if (!order) {
    return (
      <Page title="Order not found">
        <ErrorMessage error={error} />
        <a href={href.orders}>My orders</a>
      </Page>
    );
  }
  return (
    <Page title={`Order #${shortId(order.id)}`}>
      <p>
        Status: <strong className="status" data-testid="order-status">{order.status}</strong>
      </p>
      <p role="status" aria-live="polite" className="live">
        {live}
      </p>
      <ErrorMessage error={subscription.error} />
      <h2>Timeline</h2>
      <ol className="timeline" aria-label="Status timeline">
        {order.history.map((entry) => (
          <li key={`${entry.status}-${entry.at}`}>
            <strong>{entry.status}</strong> <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            {entry.reason ? ` (${entry.reason})` : null}
          </li>
        ))}
      </ol>
      <h2>Items</h2>
      <ul>
        {order.items.map((item) => (
          <li key={item.product.id}>
            {item.quantity} × <a href={href.product(item.product.id)}>{item.product.name}</a> at {formatMoney(item.unitPriceCents, order.currency)}
          </li>
        ))}
      </ul>
      <p className="total">Total {formatMoney(order.totalCents, order.currency)}</p>
      <p>
        Order id <code>{order.id}</code>
        {isAdmin ? (
          <>
            {" "}
            · <a href={href.admin(order.id)}>Manage this order</a>
          </>
        ) : null}
      </p>
    </Page>
  );
}
