import { runService } from "@shop/server";
import { startGateway } from "./app.ts";
import { loadGatewayConfig } from "./config.ts";

await runService(() => startGateway(loadGatewayConfig()));
