import { describe, expect, it } from "vitest";
import { limitConcurrency } from "./concurrency-limit.ts";

/** A task that runs until its test says so. */
function gatedTask(log: string[], name: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await gate;
      return name;
    },
    open: () => open(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("limitConcurrency", () => {
  it("runs at most max tasks at once and starts the waiting ones in order as places free up", async () => {
    const limit = limitConcurrency(2);
    const log: string[] = [];
    const tasks = ["a", "b", "c", "d"].map((name) => gatedTask(log, name));
    const results = tasks.map((task) => limit(task.run));
    await settle();
    expect(log).toEqual(["start a", "start b"]);
    tasks[1]!.open();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c"]);
    tasks[0]!.open();
    await settle();
    expect(log).toEqual(["start a", "start b", "start c", "start d"]);
    tasks[2]!.open();
    tasks[3]!.open();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
  });

  it("frees the place of a task that fails", async () => {
    const limit = limitConcurrency(1);
    await expect(limit(async () => Promise.reject(new Error("subgraph down")))).rejects.toThrow("subgraph down");
    expect(await limit(async () => "next")).toBe("next");
  });
});
