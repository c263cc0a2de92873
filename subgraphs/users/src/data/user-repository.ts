import { isUniqueViolation, loadByIds } from "@shop/db";
import { isUuid } from "@shop/ids";
import type { Role } from "@shop/auth";
import type { UsersDb } from "./prisma.ts";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

export type UserContact = Pick<UserRecord, "id" | "email" | "phone">;

export interface NewUser {
  email: string;
  name: string;
  phone: string | null;
  passwordHash: string;
  role: Role;
}

export type UserRepository = ReturnType<typeof createUserRepository>;

export function createUserRepository(db: UsersDb) {
  return {
    findByEmail(email: string): Promise<UserRecord | null> {
      return db.user.findUnique({ where: { email } });
    },

    /** One query for a whole batch of entity references; results in the order of `ids`. */
    findByIds(ids: readonly string[]): Promise<(UserRecord | null)[]> {
      return loadByIds(ids, (uuids) => db.user.findMany({ where: { id: { in: uuids } } }));
    },

    /** One query for any number of users; ids that are not UUIDs or not known are left out. */
    findContacts(ids: readonly string[]): Promise<UserContact[]> {
      return db.user.findMany({ where: { id: { in: ids.filter(isUuid) } }, select: { id: true, email: true, phone: true } });
    },

    /** Null when the e-mail address is taken. */
    async create(user: NewUser): Promise<UserRecord | null> {
      try {
        return await db.user.create({ data: user });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    /** Makes the account an ADMIN with this password, creating it if needed. */
    upsertAdmin(user: Omit<NewUser, "role" | "phone">): Promise<UserRecord> {
      return db.user.upsert({
        where: { email: user.email },
        create: { ...user, role: "ADMIN" },
        update: { role: "ADMIN", passwordHash: user.passwordHash },
      });
    },
  };
}
