import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { describe, expect, it } from "vitest";
import { messageFor } from "./errors.ts";

const refusal = (code: string, message: string) => new CombinedGraphQLErrors({ errors: [{ message, extensions: { code } }] });

describe("messageFor", () => {
  it("says what to do for the checkout's refusals, with the API's own words", () => {
    expect(messageFor(refusal("OUT_OF_STOCK", "Only 1 of Lamp left."))).toBe("Not enough stock: Only 1 of Lamp left. Lower the quantity or remove the product from your cart.");
    expect(messageFor(refusal("BAD_USER_INPUT", "Quantity must be 1 to 100 (line 1)."))).toBe("Please check what you entered: Quantity must be 1 to 100 (line 1).");
    expect(messageFor(refusal("SERVICE_UNAVAILABLE", "products is unavailable"))).toMatch(/^The shop cannot take this right now .* try again/);
  });

  it("treats a 5xx without GraphQL errors as unavailable, and anything else as no connection", () => {
    const response = new Response("", { status: 503 });
    expect(messageFor(new ServerError("down", { response, bodyText: "" }))).toMatch(/^The shop cannot take this right now/);
    expect(messageFor(new TypeError("Failed to fetch"))).toMatch(/could not be reached/);
  });
});
