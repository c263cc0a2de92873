import { useState, type FormEvent } from "react";
import { useMutation } from "@apollo/client/react";
import { LoginDocument, RegisterDocument } from "../generated/graphql.ts";
import { ErrorMessage, Page } from "../components.tsx";
import { href } from "../router.ts";
import type { Session } from "../session.ts";

type OnSignedIn = (session: Session) => void;

export function SignInPage({ onSignedIn }: { onSignedIn: OnSignedIn }) {
  const [login, { loading, error }] = useMutation(LoginDocument);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { data } = await login({ variables: { email: String(form.get("email")), password: String(form.get("password")) } }).catch(() => ({ data: undefined }));
    if (data) onSignedIn({ token: data.login.token, user: data.login.user });
  };
  return (
    <Page title="Sign in">
      <form className="stack" onSubmit={submit}>
        <CredentialFields password="current-password" />
        <button type="submit" disabled={loading}>
          Sign in
        </button>
      </form>
      <ErrorMessage error={error} />
      <p>
        New here? <a href={href.signUp}>Create an account</a>
      </p>
    </Page>
  );
}

/** The e-mail and password inputs both forms share; `password` tells password managers which one it is. */
function CredentialFields({ password }: { password: "current-password" | "new-password" }) {
  return (
    <>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete={password} required />
      </label>
    </>
  );
}

export function SignUpPage({ onSignedIn }: { onSignedIn: OnSignedIn }) {
  const [register, { loading, error }] = useMutation(RegisterDocument);
  const [phone, setPhone] = useState("");
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")), phone: phone.trim() || null };
    const { data } = await register({ variables: { input } }).catch(() => ({ data: undefined }));
    if (data) onSignedIn({ token: data.register.token, user: data.register.user });
  };
  return (
    <Page title="Create an account">
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" autoComplete="name" required />
        </label>
        <CredentialFields password="new-password" />
        <label>
          Phone (optional, for SMS updates, e.g. +4915112345678)
          <input name="phone" type="tel" autoComplete="tel" value={phone} onChange={(event) => setPhone(event.target.value)} />
        </label>
        <button type="submit" disabled={loading}>
          Create account
        </button>
      </form>
      <ErrorMessage error={error} />
      <p>
        Have an account? <a href={href.signIn}>Sign in</a>
      </p>
    </Page>
  );
}
