import type { TokenService } from "@shop/auth";
import type { RequestSigner } from "@shop/request-signing";
import { createServiceClient } from "@shop/service-client";
import type { Contact } from "../domain/delivery-rules.ts";

export interface ContactDirectory {
  /** The user's e-mail address and phone number; null for a user the users service does not know. Throws while it is unreachable. */
  find(userId: string): Promise<Contact | null>;
}

const USER_CONTACTS = /* GraphQL */ `
  query UserContacts($ids: [ID!]!) {
    userContacts(ids: $ids) { id email phone }
  }
`;

/** The users service over its own GraphQL API, as the notifications service: never its database. */
export function createUsersClient({ url, timeoutMs, tokens, signRequest }: { url: string; timeoutMs: number; tokens: TokenService; signRequest: RequestSigner }): ContactDirectory {
  // A read, so repeating it after a refused connection is safe.
  const client = createServiceClient({ url, timeoutMs, service: "users", token: () => tokens.signService("notifications"), signRequest, retries: 1 });
  return {
    async find(userId) {
      const data = await client.request<{ userContacts: (Contact & { id: string })[] }>(USER_CONTACTS, { ids: [userId] });
      const contact = data.userContacts.find((candidate) => candidate.id === userId);
      return contact ? { email: contact.email, phone: contact.phone } : null;
    },
  };
}
