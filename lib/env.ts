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

/** "1" turns it on; unset or anything else leaves it off. */
const flag = z
  .string()
  .optional()
  .transform((value) => value === "1");

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
});

const DatabaseEnvSchema = z.object({
  DATABASE_URL: z.url({ error: "DATABASE_URL is not a valid postgresql:// URL. Start Keyward with `npm start`, or see .env.example." }),
  DATABASE_POOL_SIZE: wholeNumber("DATABASE_POOL_SIZE", 10, 1, 1_000),
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
  KEYWARD_CREDIT_COSTS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return {};
      const parsed = z.record(z.string().regex(/^[A-Z]+ \/api\/v1\//), z.number().int().min(0).max(1_000_000)).safeParse((() => {
        try {
          return JSON.parse(value);
        } catch {
          return null;
        }
      })());
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: 'KEYWARD_CREDIT_COSTS must be JSON like {"POST /api/v1/resources": 5}: a method and route each, and whole numbers from 0.' });
      return z.NEVER;
    }),
  KEYWARD_SIGNING_KEY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  NEXTAUTH_URL: LauncherEnvSchema.shape.NEXTAUTH_URL,
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

/** What the launcher and the server process read before the app exists. */
export function launcherEnv(env: Record<string, string | undefined> = process.env): LauncherEnv {
  return parse(LauncherEnvSchema, env);
}
