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

  it("redacts tokens, cookies and credential variables wherever a request is logged", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "gateway", destination });
    logger.info({
      token: "t1",
      login: { token: "t2" },
      err: { config: { headers: { authorization: "Bearer t3", cookie: "sid=t4" } } },
      res: { headers: { "set-cookie": "sid=t5" } },
      request: { variables: { password: "p1", token: "t6", input: { password: "p2" } } },
    });
    const line = JSON.stringify(lines[0]);
    for (const secret of ["t1", "t2", "t3", "t4", "t5", "t6", "p1", "p2"]) expect(line).not.toContain(`"${secret}"`);
    expect(line).not.toContain("sid=");
  });

  it("drops lines under the configured level", () => {
    const { lines, destination } = capture();
    createLogger({ service: "users", level: "warn", destination }).info("quiet");
    expect(lines).toHaveLength(0);
  });
});
