import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

// As on every service port: no content-type guessing by a browser.
const NO_SNIFF = { "x-content-type-options": "nosniff" };

export interface MetricsServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * `GET /metrics` on a port of its own, apart from the service's public port: the gateway's
 * clients cannot reach it, and Prometheus scrapes each service directly.
 */
export async function startMetricsServer({ registry, port, host }: { registry: Registry; port: number; host: string }): Promise<MetricsServer> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://metrics").pathname !== "/metrics") {
      res.writeHead(404, NO_SNIFF).end();
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { ...NO_SNIFF, "content-type": registry.contentType }).end(body);
    } catch (error) {
      res.writeHead(500, { ...NO_SNIFF, "content-type": "text/plain" }).end(`metrics collection failed: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
