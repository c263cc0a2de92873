import { runService } from "@shop/server";
import { startNotificationsSubgraph } from "./app.ts";
import { loadNotificationsConfig } from "./config.ts";

await runService(() => startNotificationsSubgraph(loadNotificationsConfig()));
