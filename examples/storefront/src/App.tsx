import { useEffect, useMemo, useState } from "react";
import { ApolloProvider, useMutation } from "@apollo/client/react";
import { LogoutDocument } from "./generated/graphql.ts";
import { createApolloClient } from "./apollo.ts";
import { NotificationBell } from "./Bell.tsx";
import { useCart, type CartApi } from "./cart.ts";
import { Page } from "./components.tsx";
import { AdminPage } from "./pages/Admin.tsx";
import { SignInPage, SignUpPage } from "./pages/Auth.tsx";
import { CartPage } from "./pages/Cart.tsx";
import { CataloguePage } from "./pages/Catalogue.tsx";
import { MyOrdersPage, OrderPage } from "./pages/Orders.tsx";
import { ProductPage } from "./pages/Product.tsx";
import { href, navigate, useRoute, type Route } from "./router.ts";
import { loadSession, storeSession, type Session } from "./session.ts";
import { initialTransport, storeTransport, TRANSPORTS, type Transport } from "./settings.ts";

export function App() {
  const [session, setSession] = useState(loadSession);
  const [transport, setTransport] = useState(initialTransport);
  const endSession = () => {
    storeSession(null);
    setSession(null);
  };
  // A token the API no longer accepts ends the session here too: the pages then offer a sign-in.
  const apollo = useMemo(() => createApolloClient(session?.token ?? null, transport, endSession), [session?.token, transport]);
  useEffect(() => () => apollo.dispose(), [apollo]);

  const signIn = (next: Session) => {
    storeSession(next);
    setSession(next);
    navigate(href.catalogue);
  };
  const signOut = () => {
    endSession();
    navigate(href.catalogue);
  };
  const chooseTransport = (next: Transport) => {
    storeTransport(next);
    setTransport(next);
  };
  return (
    <ApolloProvider client={apollo.client}>
      <Shell session={session} onSignedIn={signIn} onSignedOut={signOut} transport={transport} onTransport={chooseTransport} />
    </ApolloProvider>
  );
}

interface ShellProps {
  session: Session | null;
  onSignedIn: (session: Session) => void;
  onSignedOut: () => void;
  transport: Transport;
  onTransport: (transport: Transport) => void;
}

function Shell({ session, onSignedIn, onSignedOut, transport, onTransport }: ShellProps) {
  const route = useRoute();
  const cart = useCart();
  const [logout] = useMutation(LogoutDocument);
  const isAdmin = session?.user.role === "ADMIN";
  // The token is revoked first (the gateway then refuses it everywhere), then forgotten here.
  const signOut = () => void logout().catch(() => undefined).finally(onSignedOut);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href.catalogue}>
          Shop
        </a>
        <nav aria-label="Main">
          <a href={href.catalogue}>Catalogue</a>
          <a href={href.cart}>Cart ({cart.count})</a>
          {session ? <a href={href.orders}>My orders</a> : null}
          {isAdmin ? <a href={href.admin()}>Back office</a> : null}
        </nav>
        <div className="account">
          {session ? (
            <>
              <NotificationBell />
              <span className="who">{session.user.name}</span>
              <button type="button" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <a href={href.signIn}>Sign in</a>
              <a href={href.signUp}>Sign up</a>
            </>
          )}
        </div>
      </header>
      <main id="main">
        <Content route={route} session={session} isAdmin={isAdmin} onSignedIn={onSignedIn} cart={cart} />
      </main>
      <footer>
        <label>
          Live updates over
          <select value={transport} onChange={(event) => onTransport(event.target.value as Transport)}>
            {TRANSPORTS.map((name) => (
              <option key={name} value={name}>
                {name === "multipart" ? "HTTP (multipart)" : "WebSocket"}
              </option>
            ))}
          </select>
        </label>
      </footer>
    </>
  );
}

function Content({ route, session, isAdmin, onSignedIn, cart }: { route: Route; session: Session | null; isAdmin: boolean; onSignedIn: (session: Session) => void; cart: CartApi }) {
  const needsSignIn = ["orders", "order", "admin"].includes(route.page) && !session;
  if (needsSignIn) return <SignInPage onSignedIn={onSignedIn} />;
  switch (route.page) {
    case "catalogue":
      return <CataloguePage cart={cart} />;
    case "product":
      return <ProductPage id={route.id} cart={cart} />;
    case "sign-in":
      return <SignInPage onSignedIn={onSignedIn} />;
    case "sign-up":
      return <SignUpPage onSignedIn={onSignedIn} />;
    case "cart":
      return <CartPage cart={cart} signedIn={Boolean(session)} />;
    case "orders":
      return <MyOrdersPage />;
    case "order":
      return <OrderPage id={route.id} isAdmin={isAdmin} />;
    case "admin":
      return isAdmin ? (
        <AdminPage orderId={route.orderId} />
      ) : (
        <Page title="Back office">
          <p role="alert">The back office is for administrators. Sign in with an ADMIN account.</p>
        </Page>
      );
  }
}
