/**
 * Every way a notification reaches its customer, the one list of them: the notifications
 * service keys its delivery rules and adapters by it, and a test holds the SDL and Prisma
 * enums to it.
 */
export const NOTIFICATION_CHANNELS = ["EMAIL", "SMS", "IN_APP"] as const;

export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
