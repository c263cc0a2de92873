import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger };

// Anything that can carry a credential is removed before a line is written.
const REDACT_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "variables.password",
  "variables.input.password",
];

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions["level"];
  /** Human-readable lines for a developer's terminal; JSON everywhere else. */
  pretty?: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

export function createLogger({ service, level = "info", pretty = false, destination }: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty && !destination
      ? { transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname" } } }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
