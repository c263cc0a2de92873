import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy on loopback in front of a real server, so a test can cut the network between
 * a service and, say, Redis (every connection dropped, new ones refused) and restore it.
 * With `latencyMs` (or after `setLatency`), every chunk arrives that much later, as over a slow
 * network; chunks keep their order when the latency changes mid-stream.
 */
export async function startTcpProxy(target: { host: string; port: number; latencyMs?: number }) {
  const sockets = new Set<net.Socket>();
  let cut = false;
  let latencyMs = target.latencyMs ?? 0;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    const forward = (from: net.Socket, to: net.Socket) => {
      let lastDue = 0;
      from.on("data", (chunk) => {
        if (latencyMs === 0 && lastDue <= Date.now()) return void to.write(chunk);
        // Never before a chunk read earlier: timers with later due times fire later.
        lastDue = Math.max(Date.now() + latencyMs, lastDue);
        setTimeout(() => to.write(chunk), lastDue - Date.now());
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
