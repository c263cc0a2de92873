import type { NotificationChannel } from "./notification-channel.ts";

/** What the notifications service announces on a user's live channel, version 1 of its `data`. */
export const NOTIFICATION_EVENT = {
  CREATED: "notification.created",
} as const;

export interface NotificationCreatedData {
  notificationId: string;
  userId: string;
  channel: NotificationChannel;
  subject: string;
  orderId: string | null;
}
