import { BadUserInputError } from "@shop/errors";

export interface RegistrationInput {
  email: string;
  password: string;
  name: string;
  phone?: string | null;
}

export interface ValidRegistration {
  email: string;
  password: string;
  name: string;
  phone: string | null;
}

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** E-mail addresses are compared lower-cased: Ann@Shop.test and ann@shop.test are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function validateRegistration(input: RegistrationInput): ValidRegistration {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) {
    throw new BadUserInputError("Enter a valid e-mail address.", { field: "email" });
  }
  validatePassword(input.password);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw new BadUserInputError("The name must be 1 to 100 characters.", { field: "name" });
  }
  const phone = input.phone?.replace(/[\s()-]/g, "") || null;
  if (phone !== null && !E164.test(phone)) {
    throw new BadUserInputError("The phone number must be in E.164 form, e.g. +14155550123.", { field: "phone" });
  }
  return { email, password: input.password, name, phone };
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(`The password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`, {
      field: "password",
    });
  }
}
