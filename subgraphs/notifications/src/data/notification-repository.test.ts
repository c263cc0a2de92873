// Against the real notifications test database: pruning the records of handled events.
import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { createNotificationRepository } from "./notification-repository.ts";
import { createNotificationsDb } from "./prisma.ts";

const db = createNotificationsDb(databaseUrlFor("notifications"));
const notifications = createNotificationRepository(db);
afterAll(() => db.$disconnect());

it("deletes the records of events handled before the cutoff, a batch at a time, and keeps recent ones", async () => {
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
  const old = [randomUUID(), randomUUID(), randomUUID()];
  const recent = randomUUID();
  await db.processedEvent.createMany({
    data: [...old.map((eventId) => ({ eventId, processedBy: "test", processedAt: daysAgo(40) })), { eventId: recent, processedBy: "test", processedAt: daysAgo(1) }],
  });

  expect(await notifications.deleteProcessedEventsBefore(daysAgo(30), 2)).toBe(2);
  expect(await notifications.deleteProcessedEventsBefore(daysAgo(30), 2)).toBe(1);
  expect(await notifications.deleteProcessedEventsBefore(daysAgo(30), 2)).toBe(0);
  for (const eventId of old) expect(await notifications.isEventProcessed(eventId)).toBe(false);
  expect(await notifications.isEventProcessed(recent)).toBe(true);
});
