import type { ApolloServerPlugin } from "@apollo/server";
import { Kind } from "graphql";
import type { AccountCheck } from "./account-check.ts";
import type { GatewayContext } from "./context.ts";

/**
 * A token signed out through this gateway is refused by it at once, not when its account
 * check is next due (other replicas see it within ACCOUNT_CHECK_TTL_MS).
 */
export function useLogout({ accounts }: { accounts: AccountCheck }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation }) {
          if (response.body.kind !== "single" || !contextValue.authorization || operation?.operation !== "mutation") return;
          const data = response.body.singleResult.data as Record<string, unknown> | null | undefined;
          // Under whatever alias the client asked for it.
          const signedOut = operation.selectionSet.selections.some(
            (selection) => selection.kind === Kind.FIELD && selection.name.value === "logout" && data?.[selection.alias?.value ?? "logout"] === true,
          );
          if (signedOut) accounts.forget(contextValue.authorization);
        },
      };
    },
  };
}
