/** Kept apart from viewer.ts so tokens.ts can name a role without importing viewer.ts, which imports tokens.ts. */
export const Role = { CUSTOMER: "CUSTOMER", ADMIN: "ADMIN" } as const;
export type Role = (typeof Role)[keyof typeof Role];
