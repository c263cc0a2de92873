import { runService } from "@shop/server";
import { startProductsSubgraph } from "./app.ts";
import { loadProductsConfig } from "./config.ts";

await runService(() => startProductsSubgraph(loadProductsConfig()));
