import { describe, expect, it } from "vitest";
import { createLogger } from "./index.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe("createLogger", () => {
  it("tags every line with the service and redacts credentials", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "users", destination });
    logger.info(
      { password: "hunter22", req: { headers: { authorization: "Bearer abc" } }, variables: { input: { password: "x" } } },
      "hello",
    );
    expect(lines[0]).toMatchObject({
      service: "users",
      msg: "hello",
      password: "[redacted]",
      req: { headers: { authorization: "[redacted]" } },
      variables: { input: { password: "[redacted]" } },
    });
  });

  it("drops lines under the configured level", () => {
    const { lines, destination } = capture();
    createLogger({ service: "users", level: "warn", destination }).info("quiet");
    expect(lines).toHaveLength(0);
  });
});
