import { runService } from "@shop/server";
import { startUsersSubgraph } from "./app.ts";
import { loadUsersConfig } from "./config.ts";

await runService(() => startUsersSubgraph(loadUsersConfig()));
