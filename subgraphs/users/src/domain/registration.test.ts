import { describe, expect, it } from "vitest";
import { extensionsOf } from "@shop/errors/testing";
import { validateRegistration } from "./registration.ts";

const valid = { email: "  Ann@Shop.TEST ", password: "12345678", name: " Ann ", phone: "+44 20 7946 0958" };

async function fieldOf(input: Parameters<typeof validateRegistration>[0]): Promise<unknown> {
  const extensions = await extensionsOf(() => validateRegistration(input));
  expect(extensions.code).toBe("BAD_USER_INPUT");
  return extensions.field;
}

describe("validateRegistration", () => {
  it("normalises e-mail, name and phone", () => {
    expect(validateRegistration(valid)).toEqual({ email: "ann@shop.test", password: "12345678", name: "Ann", phone: "+442079460958" });
    expect(validateRegistration({ ...valid, phone: "" }).phone).toBeNull();
    expect(validateRegistration({ ...valid, phone: null }).phone).toBeNull();
  });

  it("names the field that is wrong", async () => {
    expect(await fieldOf({ ...valid, email: "not-an-email" })).toBe("email");
    expect(await fieldOf({ ...valid, password: "1234567" })).toBe("password");
    expect(await fieldOf({ ...valid, password: "x".repeat(257) })).toBe("password");
    expect(await fieldOf({ ...valid, name: "   " })).toBe("name");
    expect(await fieldOf({ ...valid, phone: "0207 946 0958" })).toBe("phone");
  });
});
