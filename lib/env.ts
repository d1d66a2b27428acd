// The app server's environment, validated once with zod. Everything that
// reads configuration inside the Next.js process goes through serverEnv(), so
// a misconfigured deployment fails at start-up (instrumentation.ts) with one
// clear message rather than at the first request that happens to need a value.
import "server-only";
import { z } from "zod";
import { DEFAULT_KEY_PREFIX, KEY_PREFIX_PATTERN } from "./api-keys/key-format";
import { MIN_SECRET_LENGTH } from "./config/secret-names";

const secret = (name: string) =>
  z
    .string({ error: `${name} is not set. Start Keyward with \`npm start\`, or see .env.example.` })
    .min(MIN_SECRET_LENGTH, `${name} must be at least ${MIN_SECRET_LENGTH} characters long.`);

const ServerEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ error: "DATABASE_URL is not a valid postgresql:// URL. Start Keyward with `npm start`, or see .env.example." }),
  AUTH_SECRET: secret("AUTH_SECRET"),
  KEY_PEPPER: secret("KEY_PEPPER"),
  REDIS_URL: z.url().optional(),
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
  NEXTAUTH_URL: z.url().optional(),
  KEY_PREFIX: z
    .string()
    .regex(KEY_PREFIX_PATTERN, "KEY_PREFIX must be 2–16 lower-case letters and digits, starting with a letter (e.g. kw or acme).")
    .default(DEFAULT_KEY_PREFIX),
});

export type ServerEnv = z.infer<typeof ServerEnvSchema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = ServerEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.message}`).join("\n");
    throw new Error(`Keyward's configuration is incomplete:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
