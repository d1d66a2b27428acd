// Keyward's settings, every one of them, validated with zod. Nothing else in
// lib/ or app/ reads process.env (tests/unit/env-reads.test.ts checks), so a
// misconfigured deployment fails at start-up with one clear message rather
// than at the first request that happens to need a value, and a bad number
// ("DATABASE_POOL_SIZE=abc") is an error rather than a silent default.
//
// Three views of the one environment, because not every process has all of it:
// - launcherEnv(): what `npm start`, `npm run dev` and the server process read
//   before the app exists (ports, time-outs, the embedded database);
// - databaseEnv(): what any process that queries needs (the app, the CLI,
//   tests), read afresh each time, since tests point it at another database;
// - serverEnv(): the app server's whole configuration, secrets included.
// (No `server-only` here: the launcher runs outside Next's server bundle.)
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_KEY_PREFIX, KEY_PREFIX_PATTERN } from "./api-keys/key-format";
import { MIN_SECRET_LENGTH } from "./config/secret-names";
import { GitHubPublicKeysSchema } from "./leaks/github-public-keys";

/** A whole number in [min, max]; unset or empty means the default. */
function wholeNumber(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === "") return fallback;
      const value = Number(raw);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}, not "${raw}".` });
      return z.NEVER;
    });
}

/** A setting holding JSON that `schema` accepts; unset or empty means undefined. */
function jsonSetting<S extends z.ZodType>(schema: S, message: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): z.output<S> | undefined => {
      if (!raw?.trim()) return undefined;
      let value: unknown = null;
      try {
        value = JSON.parse(raw);
      } catch {
        // Reported below, with what the setting should look like.
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    });
}

/** "1" turns it on; unset or anything else leaves it off. */
const flag = z
  .string()
  .optional()
  .transform((value) => value === "1");

/** How the process logs (lib/logging/logger.ts): read by the launcher and by the app alike. */
const LoggingEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** pino's levels; "silent" logs nothing. */
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent." })
    .default("info"),
  /** json: one JSON object a line (for a log shipper); pretty: for a person. Unset: pretty in development, json otherwise. */
  LOG_FORMAT: z.enum(["json", "pretty"], { error: "LOG_FORMAT must be json or pretty." }).optional(),
});

const LauncherEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: wholeNumber("PORT", 3000, 1, 65_535),
  HOST: z.string().optional().transform((value) => value || undefined),
  TRUSTED_PROXIES: z.string().optional(),
  KEYWARD_REQUEST_TIMEOUT_MS: wholeNumber("KEYWARD_REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000),
  KEYWARD_HEADERS_TIMEOUT_MS: wholeNumber("KEYWARD_HEADERS_TIMEOUT_MS", 10_000, 100, 3_600_000),
  KEYWARD_MAX_IN_FLIGHT: wholeNumber("KEYWARD_MAX_IN_FLIGHT", 256, 1, 1_000_000),
  KEYWARD_DRAIN_MS: wholeNumber("KEYWARD_DRAIN_MS", 10_000, 1, 3_600_000),
  KEYWARD_DRAIN_DELAY_MS: wholeNumber("KEYWARD_DRAIN_DELAY_MS", 0, 0, 3_600_000),
  /** Set by scripts/serve.ts: Keyward's own server owns the signals and drains first. */
  KEYWARD_SERVER: flag,
  /** Next's own signal handler exits at once; with 1, the app takes over shutdown (lib/runtime/shutdown.ts). */
  NEXT_MANUAL_SIG_HANDLE: flag,
  /** `npm start` skips the build check (the image was built already). */
  KEYWARD_SKIP_BUILD: flag,
  /** Where Keyward keeps local state: the embedded database, generated development secrets. */
  KEYWARD_STATE_DIR: z.string().optional().transform((value) => value || path.join(process.cwd(), ".keyward")),
  /** The embedded PostgreSQL's port on 127.0.0.1 (unset: 54329, or the next free one). */
  EMBEDDED_PG_PORT: wholeNumber("EMBEDDED_PG_PORT", 0, 1, 65_535).transform((value) => value || undefined),
  /** The CLI prints the stack of an unexpected error. */
  KEYWARD_DEBUG: z.string().optional().transform(Boolean),
  NEXTAUTH_URL: z.url({ error: "NEXTAUTH_URL must be a URL, such as https://keys.example.com." }).optional(),
  /** Unset: Keyward starts an embedded PostgreSQL. */
  DATABASE_URL: z.string().optional().transform((value) => value?.trim() || undefined),
  /** A direct (session) connection, when DATABASE_URL goes through a transaction pooler: migrations and LISTEN use it. */
  DATABASE_DIRECT_URL: z.string().optional().transform((value) => value?.trim() || undefined),
  /**
   * How long start-up waits for an external PostgreSQL that does not answer yet
   * (an orchestrator may start the app first); 0 fails at once.
   */
  KEYWARD_DATABASE_WAIT_MS: wholeNumber("KEYWARD_DATABASE_WAIT_MS", 60_000, 0, 3_600_000),
});

const DatabaseEnvSchema = z.object({
  DATABASE_URL: z.url({ error: "DATABASE_URL is not a valid postgresql:// URL. Start Keyward with `npm start`, or see .env.example." }),
  DATABASE_POOL_SIZE: wholeNumber("DATABASE_POOL_SIZE", 10, 1, 1_000),
  /**
   * LISTEN needs a session of its own, which a transaction pooler (PgBouncer's
   * pool_mode=transaction) does not keep: set this to a direct connection
   * when DATABASE_URL goes through one. Unset: DATABASE_URL.
   */
  DATABASE_DIRECT_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "DATABASE_DIRECT_URL is not a valid postgresql:// URL (a direct connection, bypassing PgBouncer)." })
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** OWASP's floor for bcrypt is 10; 12 costs about a quarter-second per check in bcryptjs on one core. */
export const DEFAULT_BCRYPT_COST = 12;
/** The least production accepts. */
export const MIN_BCRYPT_COST = 10;

// A cheap cost is a test's convenience only: a deployment that inherited one
// (a copied test environment) would store hashes that are cheap to crack.
function passwordCostIssue(cost: number, nodeEnv: LauncherEnv["NODE_ENV"]): string | null {
  if (cost >= MIN_BCRYPT_COST || nodeEnv === "test") return null;
  return `KEYWARD_BCRYPT_COST must be at least ${MIN_BCRYPT_COST} (it is ${cost}); lower costs are for the test suite only (NODE_ENV=test). Unset it for the default, ${DEFAULT_BCRYPT_COST}.`;
}

const secret = (name: string) =>
  z
    .string({ error: `${name} is not set. Start Keyward with \`npm start\`, or see .env.example.` })
    .min(MIN_SECRET_LENGTH, `${name} must be at least ${MIN_SECRET_LENGTH} characters long.`);

const ServerEnvSchema = DatabaseEnvSchema.extend({
  NODE_ENV: LauncherEnvSchema.shape.NODE_ENV,
  // Checked with the rest at start-up; the logger itself reads them through loggingEnv().
  LOG_LEVEL: LoggingEnvSchema.shape.LOG_LEVEL,
  LOG_FORMAT: LoggingEnvSchema.shape.LOG_FORMAT,
  AUTH_SECRET: secret("AUTH_SECRET"),
  KEY_PEPPER: secret("KEY_PEPPER"),
  REDIS_URL: z.url({ error: "REDIS_URL must be a URL, such as redis://127.0.0.1:6379." }).optional(),
  /** Deadline of each Redis command; past it the in-memory fallback answers. */
  KEYWARD_REDIS_TIMEOUT_MS: wholeNumber("KEYWARD_REDIS_TIMEOUT_MS", 50, 1, 60_000),
  /** How often buffered usage is written (tests use a long one to see the shutdown flush alone). */
  KEYWARD_USAGE_FLUSH_MS: wholeNumber("KEYWARD_USAGE_FLUSH_MS", 2_000, 10, 3_600_000),
  /** While PostgreSQL is unreachable, how long keys seen before keep working. */
  KEYWARD_OUTAGE_STALENESS_MS: wholeNumber("KEYWARD_OUTAGE_STALENESS_MS", 5 * 60_000, 0, 86_400_000),
  /**
   * Whether this app server works the job queue (webhook deliveries, reminders).
   * "off" keeps an instance to answering requests; at least one instance must work it.
   */
  KEYWARD_JOBS: z.enum(["on", "off"], { error: 'KEYWARD_JOBS must be "on" or "off".' }).default("on"),
  /**
   * bcrypt's cost for new password hashes: each step doubles the work. Below 10 only under NODE_ENV=test,
   * where hundreds of sign-ups must not each take a quarter-second (see passwordCostIssue).
   */
  KEYWARD_BCRYPT_COST: wholeNumber("KEYWARD_BCRYPT_COST", DEFAULT_BCRYPT_COST, 4, 31),
  /** Threads hashing passwords: by default one per core but one (the event loop keeps a core for the API). */
  KEYWARD_PASSWORD_WORKERS: wholeNumber("KEYWARD_PASSWORD_WORKERS", Math.max(1, availableParallelism() - 1), 1, 256),
  // Token exchange (lib/tokens): what a customer's backend checks in each JWT.
  KEYWARD_TOKEN_ISSUER: z.string().min(1).optional(),
  KEYWARD_TOKEN_AUDIENCE: z.string().min(1).default("keyward-api"),
  KEYWARD_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60, "KEYWARD_TOKEN_TTL_SECONDS must be at least 60.").max(86_400, "KEYWARD_TOKEN_TTL_SECONDS must be at most 86400 (a day).").default(900),
  // Credits each /api/v1 route costs, as JSON: {"POST /api/v1/resources": 5}; others cost 1 (lib/credits).
  KEYWARD_CREDIT_COSTS: jsonSetting(
    z.record(z.string().regex(/^[A-Z]+ \/api\/v1\//), z.number().int().min(0).max(1_000_000)),
    'KEYWARD_CREDIT_COSTS must be JSON like {"POST /api/v1/resources": 5}: a method and route each, and whole numbers from 0.',
  ).transform((value) => value ?? {}),
  /**
   * GitHub's secret scanning public keys (lib/leaks/github-public-keys.ts), as
   * GitHub publishes them, inline and/or as a file. Neither set: POST
   * /api/secret-scanning/report answers 404.
   */
  KEYWARD_SECRET_SCANNING_KEYS: jsonSetting(
    GitHubPublicKeysSchema,
    'KEYWARD_SECRET_SCANNING_KEYS must be the JSON GitHub publishes at https://api.github.com/meta/public_keys/secret_scanning: {"public_keys": [{"key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----…"}]}.',
  ),
  KEYWARD_SECRET_SCANNING_KEYS_FILE: z.string().optional().transform((value) => value?.trim() || undefined),
  KEYWARD_SIGNING_KEY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Webhooks (lib/webhooks). Each attempt's deadline; its job's expiry is a little longer (lib/jobs/queues.ts).
  KEYWARD_WEBHOOK_TIMEOUT_MS: wholeNumber("KEYWARD_WEBHOOK_TIMEOUT_MS", 15_000, 100, 60_000),
  /**
   * Seconds to wait after each failed attempt, comma-separated; past the last one the delivery fails and its
   * endpoint is disabled. The default spans about 28 hours (Svix's schedule); tests use seconds.
   */
  KEYWARD_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim() || "5,300,1800,7200,18000,36000,36000";
      const seconds = text.split(",").map((part) => Number(part.trim()));
      if (seconds.length >= 1 && seconds.length <= 20 && seconds.every((n) => Number.isInteger(n) && n >= 0 && n <= 7 * 86_400)) return seconds;
      ctx.addIssue({ code: "custom", message: `KEYWARD_WEBHOOK_RETRY_SCHEDULE must be 1 to 20 whole numbers of seconds, comma-separated (e.g. 5,300,1800), not "${value}".` });
      return z.NEVER;
    }),
  /** "true" lets endpoints use http:// and loopback or private addresses (self-hosted receivers, tests). */
  KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"], { error: 'KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS must be "true" or "false".' }).default("false").transform((value) => value === "true"),
  NEXTAUTH_URL: LauncherEnvSchema.shape.NEXTAUTH_URL,
  /** Bearer token of GET /api/metrics; unset: the endpoint answers 404. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.string().min(16, "METRICS_TOKEN must be at least 16 characters long (openssl rand -hex 16).").optional()),
  /**
   * Email (lib/email): smtp:// or smtps://, credentials in the URL
   * (smtps://user:pass@smtp.example.com:465). Unset: no email is sent, and nothing else changes.
   */
  SMTP_URL: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL, such as smtps://user:password@smtp.example.com:465." }).optional()),
  /** The From of every email Keyward sends. */
  SMTP_FROM: z.string().trim().min(3).default("Keyward <keyward@localhost>"),
  /** When the weekly review digest goes out (cron, UTC; default Monday 08:00). */
  KEYWARD_DIGEST_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, 'KEYWARD_DIGEST_CRON must be a five-field cron expression, such as "0 8 * * 1".')
    .default("0 8 * * 1"),
  /** credits.low fires when a charge leaves a balance under this share (%) of its monthly refill. */
  KEYWARD_CREDITS_LOW_PERCENT: wholeNumber("KEYWARD_CREDITS_LOW_PERCENT", 10, 0, 100),
  /** …or, for a balance without a monthly refill, under this many credits (0: never). */
  KEYWARD_CREDITS_LOW_BALANCE: wholeNumber("KEYWARD_CREDITS_LOW_BALANCE", 0, 0, 1_000_000_000),
  KEY_PREFIX: z
    .string()
    .regex(KEY_PREFIX_PATTERN, "KEY_PREFIX must be 2–16 lower-case letters and digits, starting with a letter (e.g. kw or acme).")
    .default(DEFAULT_KEY_PREFIX),
}).superRefine((env, ctx) => {
  const issue = passwordCostIssue(env.KEYWARD_BCRYPT_COST, env.NODE_ENV);
  if (issue) ctx.addIssue({ code: "custom", message: issue });
});

export type ServerEnv = z.infer<typeof ServerEnvSchema>;
export type LauncherEnv = z.infer<typeof LauncherEnvSchema>;
export type DatabaseEnv = z.infer<typeof DatabaseEnvSchema>;
export type LoggingEnv = z.infer<typeof LoggingEnvSchema>;

/** Every problem at once, one line each. */
export class ConfigurationError extends Error {
  constructor(issues: readonly { message: string }[]) {
    super(`Keyward's configuration is incomplete:\n${issues.map((issue) => `  - ${issue.message}`).join("\n")}`);
    this.name = "ConfigurationError";
  }
}

function parse<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(parsed.error.issues);
  return parsed.data;
}

let cached: ServerEnv | undefined;

/**
 * The app server's configuration, read once. Throws a ConfigurationError naming every problem.
 * Given an environment, reads that one instead, afresh (tests of the rules themselves).
 */
export function serverEnv(env?: Record<string, string | undefined>): ServerEnv {
  if (env) return parse(ServerEnvSchema, env);
  return (cached ??= parse(ServerEnvSchema, process.env));
}

/** Read afresh each time: tests and the CLI choose DATABASE_URL before the first query. */
export function databaseEnv(env: Record<string, string | undefined> = process.env): DatabaseEnv {
  return parse(DatabaseEnvSchema, env);
}

/** Every variable Keyward reads, for checking deployment files (compose.yaml) against. */
export const SETTING_NAMES: readonly string[] = [...new Set([...Object.keys(LauncherEnvSchema.shape), ...Object.keys(ServerEnvSchema.shape)])];

/** What the launcher and the server process read before the app exists. */
export function launcherEnv(env: Record<string, string | undefined> = process.env): LauncherEnv {
  return parse(LauncherEnvSchema, env);
}

/** How to log: read by every process that logs, before or inside the app. */
export function loggingEnv(env: Record<string, string | undefined> = process.env): LoggingEnv {
  return parse(LoggingEnvSchema, env);
}
