import { describe, expect, it } from "vitest";
import { createPayloadJson } from "./payload-json.ts";

describe("createPayloadJson", () => {
  it("serialises a shared result once, and fills it into each subscription's next message", () => {
    const payloads = createPayloadJson();
    const data = { order: { status: "SHIPPED", note: 'quotes " and \u0000' } };
    let serialised = 0;
    const result = {
      get data() {
        serialised++;
        return data;
      },
    };
    const messages = ["1", "2"].map((id) => payloads.fill(JSON.stringify({ id, type: "next", payload: result }, payloads.replacer)));
    expect(serialised).toBe(1);
    expect(messages.map((message) => JSON.parse(message))).toEqual(["1", "2"].map((id) => ({ id, type: "next", payload: { data } })));
  });

  it("leaves every other message as it is, even one that carries the placeholder's text", () => {
    const payloads = createPayloadJson();
    const shared = { data: { secret: "someone else's" } };
    JSON.stringify({ id: "1", type: "next", payload: shared }, payloads.replacer); // serialised, but its send never came
    for (const message of [
      { type: "pong", payload: { payload: "\u0000shared-payload" } },
      { type: "pong", payload: { type: "next", payload: { mine: true } } },
      { id: "2", type: "error", payload: [{ message: "no" }] },
      { id: "2", type: "complete" },
    ]) {
      const data = payloads.fill(JSON.stringify(message, payloads.replacer));
      expect(JSON.parse(data)).toEqual(message);
      expect(data).not.toContain("someone else's");
    }
  });
});
