import { useRef } from "react";
import { useMutation } from "@apollo/client/react";
import { PlaceOrderDocument } from "../generated/graphql.ts";
import { formatMoney, type CartApi } from "../cart.ts";
import { ErrorMessage, Page } from "../components.tsx";
import { href, navigate } from "../router.ts";

export function CartPage({ cart, signedIn }: { cart: CartApi; signedIn: boolean }) {
  const [placeOrder, { loading, error }] = useMutation(PlaceOrderDocument);
  // A second click before React re-renders the disabled button must not send a second request.
  const placing = useRef(false);
  const { lines, idempotencyKey } = cart.cart;
  const currency = lines[0]?.currency ?? "USD";
  const total = lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);

  const checkout = async () => {
    if (placing.current) return;
    placing.current = true;
    try {
      const items = lines.map(({ productId, quantity }) => ({ productId, quantity }));
      const { data } = await placeOrder({ variables: { input: { items, idempotencyKey } } });
      if (data) {
        cart.clear();
        navigate(href.order(data.placeOrder.id));
      }
    } catch {
      // Shown by <ErrorMessage>; the cart and its key stay, so trying again cannot order twice.
    } finally {
      placing.current = false;
    }
  };

  if (lines.length === 0) {
    return (
      <Page title="Your cart">
        <p>Your cart is empty.</p>
        <a href={href.catalogue}>Browse the catalogue</a>
      </Page>
    );
  }
  return (
    <Page title="Your cart">
      <table className="lines">
        <caption className="visually-hidden">Products in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.productId}>
              <th scope="row">
                <a href={href.product(line.productId)}>{line.name}</a>
              </th>
              <td>
                <label>
                  <span className="visually-hidden">Quantity of {line.name}</span>
                  <input type="number" min={1} value={line.quantity} onChange={(event) => cart.setQuantity(line, Math.max(1, Number(event.target.value) || 1))} />
                </label>
              </td>
              <td>{formatMoney(line.priceCents * line.quantity, line.currency)}</td>
              <td>
                <button type="button" onClick={() => cart.setQuantity(line, 0)} aria-label={`Remove ${line.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total">Total {formatMoney(total, currency)}</p>
      {signedIn ? (
        <button type="button" className="primary" onClick={checkout} disabled={loading} aria-busy={loading}>
          {loading ? "Placing your order…" : "Place order"}
        </button>
      ) : (
        <p>
          <a href={href.signIn}>Sign in</a> to place your order.
        </p>
      )}
      <ErrorMessage error={error} />
    </Page>
  );
}
