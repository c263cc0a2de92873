// A real SMTP server on loopback, for tests that check what the notifications service sends.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string;
  /** The text body, decoded. */
  text: string;
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Every RCPT TO the server saw, accepted or not, with when (ms since the epoch). */
  recipients: { address: string; at: number }[];
  stop(): Promise<void>;
}

/** Accepts every message, except that `rejects(address)` turns a recipient away with a 550. */
export async function startSmtpReceiver({ rejects = () => false }: { rejects?: (address: string) => boolean } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const recipients: SmtpReceiver["recipients"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      recipients.push({ address: address.address, at: Date.now() });
      if (!rejects(address.address)) return callback();
      callback(Object.assign(new Error("5.1.1 Mailbox unavailable"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((rcpt) => rcpt.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipients,
    stop: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** Just enough MIME for a single-part text message as nodemailer writes one. */
function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const body = raw.slice(split + 4);
  const text = /quoted-printable/i.test(header("Content-Transfer-Encoding"))
    ? Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8")
    : body;
  return { to, subject: header("Subject"), messageId: header("Message-ID"), text: text.trimEnd(), raw };
}
