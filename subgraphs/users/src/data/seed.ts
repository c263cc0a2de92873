import { hashPassword } from "../domain/password.ts";
import { createUsersDb } from "./prisma.ts";

export const DEMO_CUSTOMER = { email: "customer@shop.local", password: "customer-password", name: "Casey Customer", phone: "+15555550100" };

/** The demo customer; safe to run again (the administrator comes from ADMIN_EMAIL / ADMIN_PASSWORD). */
export async function seedUsers(databaseUrl: string): Promise<void> {
  const db = createUsersDb(databaseUrl);
  try {
    const { password, ...profile } = DEMO_CUSTOMER;
    const existing = await db.user.findUnique({ where: { email: profile.email } });
    if (!existing) await db.user.create({ data: { ...profile, role: "CUSTOMER", passwordHash: await hashPassword(password) } });
  } finally {
    await db.$disconnect();
  }
}
