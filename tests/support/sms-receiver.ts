// An HTTP endpoint on loopback standing in for an SMS provider's cloud API (which cannot run
// here), receiving what the real HTTP SMS adapter sends.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SmsReceiver {
  url: string;
  apiKey: string;
  messages: { to: string; from: string; text: string }[];
  stop(): Promise<void>;
}

export async function startSmsReceiver(): Promise<SmsReceiver> {
  const apiKey = "test-sms-key";
  const messages: SmsReceiver["messages"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        res.writeHead(401).end();
        return;
      }
      messages.push(JSON.parse(body));
      res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ id: String(messages.length) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`,
    apiKey,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
