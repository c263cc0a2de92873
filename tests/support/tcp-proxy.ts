import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy on loopback in front of a real server, so a test can cut the network between
 * a service and, say, Redis (every connection dropped, new ones refused) and restore it.
 * With `latencyMs`, every chunk arrives that much later, as over a slow network.
 */
export async function startTcpProxy(target: { host: string; port: number; latencyMs?: number }) {
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    if (target.latencyMs) {
      const delayed = (from: net.Socket, to: net.Socket) => from.on("data", (chunk) => setTimeout(() => to.write(chunk), target.latencyMs));
      delayed(client, upstream);
      delayed(upstream, client);
    } else {
      client.pipe(upstream).pipe(client);
    }
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
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
