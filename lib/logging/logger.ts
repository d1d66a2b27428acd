// The process's logger: pino, one JSON object a line for a log shipper, or a
// short readable line in development (pretty.ts). Both Keyward's HTTP server
// (outside Next's bundle) and the app use it; each gets its own instance
// writing to stdout, which is all a shared logger would be.
//
// Redaction is by field name (in any case, at any of the first four levels),
// and it is the last line of defence: Keyward logs no secret on purpose, but a
// header, a form or a config object logged by mistake must still not put a
// key, a password or a cookie in the log, which is copied to more places and
// kept longer than the database (tests/system/observability.test.ts greps a
// whole run's log for them).
import pino, { type DestinationStream, type Logger } from "pino";
import { API_KEY_PATTERN } from "@/lib/api-keys/key-format";
import { loggingEnv, type LoggingEnv } from "@/lib/env";
import { prettyDestination } from "./pretty";

/** Fields that can hold a secret (or a row's secret-derived column), wherever they appear. */
export const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "hash",
  "privateJwk",
  "privateJwkEncrypted",
  "secret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "apiKey",
  "api_key",
  "plaintext",
  "privateKey",
  "connectionString",
  "AUTH_SECRET",
  "KEY_PEPPER",
  "METRICS_TOKEN",
  "DATABASE_URL",
  "DATABASE_DIRECT_URL",
  "REDIS_URL",
] as const;

/** Headers that carry credentials (as field names too: a request's or a response's headers object). */
const SECRET_HEADERS = ["authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie"];

/** Lower-cased: "Authorization" and "authorization", "apiKey" and "APIKEY" alike. */
const SECRET_NAMES = new Set([...SECRET_FIELDS, ...SECRET_HEADERS].map((name) => name.toLowerCase()));
const CENSOR = "[redacted]";
/** How deep redaction looks ({ request: { headers: { cookie } } } is three levels). */
const MAX_DEPTH = 4;

/**
 * A copy of `value` with every secret-named field censored, at any of the
 * first levels, or `value` itself when it holds none (no copy on the hot path).
 * Our own walk rather than pino's `redact`: that one matches exact, case-
 * sensitive paths, and with a wildcard per name it cost ~90 µs a line against
 * ~7 µs without (an /api/v1 request is ~600 µs in all).
 */
function redact<T>(value: T, depth = 0): T {
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const redacted = redact(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const name in value) {
    const field = (value as Record<string, unknown>)[name];
    const redacted = SECRET_NAMES.has(name.toLowerCase()) ? (field === undefined ? field : CENSOR) : redact(field, depth + 1);
    if (redacted !== field) (copy ??= { ...(value as Record<string, unknown>) })[name] = redacted;
  }
  return (copy ?? value) as T;
}

/** A password in a URL (postgres://user:secret@host), a Bearer credential and a Keyward API key, in free text such as a message. */
const SECRETS_IN_TEXT: [RegExp, string][] = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, "$1[redacted]@"],
  [/\b(Bearer\s+)\S+/gi, "$1[redacted]"],
  [new RegExp(`(?<![A-Za-z0-9_])${API_KEY_PATTERN.source.slice(1, -1)}(?![A-Za-z0-9])`, "g"), "[redacted API key]"],
];

function scrub(text: string): string {
  return SECRETS_IN_TEXT.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** pino's error serializer, then the same scrub for the message and stack: a driver's error can quote a connection string. */
function serializeError(error: Error) {
  const serialized = pino.stdSerializers.err(error);
  if (typeof serialized.message === "string") serialized.message = scrub(serialized.message);
  if (typeof serialized.stack === "string") serialized.stack = scrub(serialized.stack);
  return serialized;
}

export type LoggerOptions = {
  level: LoggingEnv["LOG_LEVEL"];
  format: "json" | "pretty";
  /** Where lines go (stdout by default; tests pass their own). */
  destination?: DestinationStream;
};

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.format === "pretty" ? prettyDestination(options.destination ?? process.stdout) : options.destination;
  return pino(
    {
      level: options.level,
      serializers: { err: serializeError },
      // Level names, not numbers, and an ISO time: a person reading the raw JSON need not decode either.
      formatters: { level: (label) => ({ level: label }), log: (object) => redact(object) },
      // The message's text (and printf-style arguments) get the error's scrub: a message can quote a URL or a header too.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? scrub(arg) : arg)) as Parameters<typeof method>);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // pino's own default (synchronous stdout) when none is given: a crash loses no line.
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

const held = globalThis as unknown as { keywardLogger?: Logger };

/** The process's logger, configured by LOG_LEVEL and LOG_FORMAT (pretty in development unless told otherwise). */
export function logger(): Logger {
  return (held.keywardLogger ??= processLogger(logFd));
}

/** Where the process's logger writes (made on first use, so that settings loaded meanwhile, e.g. from .env, apply). */
let logFd = 1;

/**
 * For the CLI, whose stdout is its answer (`--json` output a script parses):
 * the process's log lines go to stderr instead. Call before anything logs.
 */
export function logToStderr() {
  logToFd(2);
}

/** The process's log lines to another open file (the bench sends its own to /dev/null). */
export function logToFd(fd: number) {
  logFd = fd;
  held.keywardLogger = undefined;
}

function processLogger(fd: number): Logger {
  const env = loggingEnv();
  const format = env.LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json");
  const destination = pino.destination({ fd, sync: true });
  return createLogger({ level: env.LOG_LEVEL, format, destination });
}
