// The bench's organization, user and API key, made with the app's own services
// (as `keyward users create` and `keyward keys create` would). The key's secret
// stays in memory: it is never printed or written anywhere.
//
// Imported only after DATABASE_URL and the secrets are in process.env.
import { randomBytes } from "node:crypto";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { SCOPE_PRESETS } from "../../lib/api-keys/scopes";
import { signUp } from "../../lib/auth/sign-up";
import { BENCH_EMAIL_DOMAIN, BENCH_SLUG_PREFIX } from "./database";

export type BenchAccount = { organizationId: string; userId: string; keyId: string; secret: string };

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createBenchAccount(runId: string): Promise<BenchAccount> {
  const signedUp = await signUp(
    { name: "Keyward bench", email: `run-${runId}@${BENCH_EMAIL_DOMAIN}`, password: randomBytes(18).toString("base64url"), organizationName: "Keyward bench" },
    { organizationSlug: `${BENCH_SLUG_PREFIX}${runId}`, source: "cli" },
  );

  const { apiKey, secret } = await createApiKey(
    { type: "operator", organizationId: signedUp.organization.id },
    {
      name: "bench",
      environment: "TEST",
      scopes: [...SCOPE_PRESETS["full-access"].scopes],
      expiresAt: new Date(Date.now() + 30 * DAY_MS),
      // Far above what the bench sends: it measures the cost of limiting, not 429s.
      rateLimit: { plan: "CUSTOM", limit: 10_000_000, window: "1h" },
    },
  );
  return { organizationId: signedUp.organization.id, userId: signedUp.user.id, keyId: apiKey.id, secret };
}
