import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@shop/logger";
import { onShutdown, stopOnSignals } from "./shutdown.ts";

const logger = createLogger({ service: "test", level: "silent" });
const listenersBefore = process.listeners("SIGTERM");

afterEach(() => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    for (const listener of process.listeners(signal)) if (!listenersBefore.includes(listener)) process.removeListener(signal, listener);
  }
  vi.restoreAllMocks();
});

describe("stopOnSignals", () => {
  it("stops the service, then runs every shutdown hook (even after one fails), then exits 0", async () => {
    const order: string[] = [];
    const exited = new Promise<number | undefined>((resolve) => vi.spyOn(process, "exit").mockImplementation(((code?: number) => resolve(code)) as never));
    onShutdown(async () => void order.push("flush telemetry"));
    onShutdown(async () => {
      throw new Error("exporter unreachable");
    });
    onShutdown(async () => void order.push("second hook"));
    stopOnSignals(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push("service stopped");
    }, logger);

    process.emit("SIGTERM");
    expect(await exited).toBe(0);
    expect(order).toEqual(["service stopped", "flush telemetry", "second hook"]);
  });
});
