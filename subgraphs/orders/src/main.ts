import { runService } from "@shop/server";
import { startOrdersSubgraph } from "./app.ts";
import { loadOrdersConfig } from "./config.ts";

await runService(() => startOrdersSubgraph(loadOrdersConfig()));
