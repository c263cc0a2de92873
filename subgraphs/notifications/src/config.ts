import { loadSubgraphConfig } from "@shop/config";

export function loadNotificationsConfig(source: Record<string, string | undefined> = process.env) {
  return loadSubgraphConfig("notifications", {}, source);
}

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;
