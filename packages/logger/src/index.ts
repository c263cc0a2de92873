import { trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger };

// Anything that can carry a credential is removed before a line is written.
const SECRET_KEYS = ["password", "passwordHash", "token", "accessToken", "refreshToken", "authorization", "cookie", "set-cookie", "secret", "tokenKeys"];
const REDACT_PATHS = [
  // At the top of a line's object and one level down (pino's wildcards match one level).
  ...SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`]),
  // Request and response headers wherever they are logged (err.config, req, res).
  ...["authorization", "cookie", "set-cookie"].flatMap((key) => [`*.headers["${key}"]`, `*.*.headers["${key}"]`]),
  // GraphQL variables: credentials as arguments or inside an input object.
  ...["password", "token"].flatMap((key) => [`variables.${key}`, `variables.*.${key}`, `*.variables.${key}`, `*.variables.*.${key}`]),
];

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions["level"];
  /** Human-readable lines for a developer's terminal; JSON everywhere else. */
  pretty?: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** The active span's ids on every line, so a log line leads to its trace (and back). */
function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export function createLogger({ service, level = "info", pretty = false, destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceIds,
    ...(pretty && !destination
      ? { transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname" } } }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
