// Verifies the key of an /api/v1 request, in a fixed order:
// format and checksum → look-up → revoked → expired → environment/organization.
// (Scope and the key's IP allowlist are checked by the caller, which knows the
// route and the client: lib/api/authenticate.ts.)
import { isDatabaseUnavailable, noteDatabaseOutage, noteDatabaseUp } from "@/lib/db/outage";
import { serverEnv } from "@/lib/env";
import { getPrisma } from "@/lib/db/prisma";
import { hashApiKey, hashToHex } from "./hash-key";
import { compileAllowlist, type IpMatcher } from "./ip-allowlist";
import { services } from "@/lib/runtime/services";
import { parseApiKey } from "./key-format";

export type VerifiedKey = {
  id: string;
  organizationId: string;
  name: string;
  hint: string;
  environment: "LIVE" | "TEST";
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdById: string;
  /** Shared by the key's whole rotation chain; limits and quotas count by it. */
  lineageId: string;
  rateLimitPlan: "STANDARD" | "PRO" | "CUSTOM";
  rateLimitMax: number | null;
  rateLimitWindowSeconds: number | null;
  monthlyQuota: number | null;
  /** Whether its chain or its organization holds prepaid credits (then each request is charged; lib/credits). */
  hasCredits: boolean;
  /** The addresses and CIDR ranges it may be used from, normalised; empty: any. */
  allowedIps: string[];
  /** The allowlist's matcher, built once per cached key; null when the list is empty (then nothing is checked). */
  allowsIp: IpMatcher | null;
  organization: { id: string; name: string; slug: string };
};

export type VerificationFailure = "invalid_key" | "expired_key" | "revoked_key";
export type Verification = { ok: true; key: VerifiedKey } | { ok: false; code: VerificationFailure };

export async function verifyApiKey(secret: string, now = Date.now()): Promise<Verification> {
  const parsed = parseApiKey(secret);
  if (!parsed) return { ok: false, code: "invalid_key" };

  const hash = hashApiKey(secret, serverEnv().KEY_PEPPER);
  const verification = await verifyHash(hash, now);
  // The environment written in the key must be the one it was issued for. The
  // hash covers the whole key, so a mismatch means a corrupted row: refuse it.
  if (verification.ok && parsed.environment !== verification.key.environment) return { ok: false, code: "invalid_key" };
  return verification;
}

/**
 * The key that a token acted for (its `act` claim), checked as its secret
 * would be: through the same cache, so revoking the key ends its tokens at
 * once on every instance.
 */
export async function verifyApiKeyById(id: string, now = Date.now()): Promise<Verification> {
  const hash = await hashOfKey(id);
  return hash ? verifyHash(hash, now) : { ok: false, code: "invalid_key" };
}

/** Revoked, then expired. (The organization is checked by the look-up itself: a key whose organization is gone is not found.) */
async function verifyHash(hash: Uint8Array<ArrayBuffer>, now: number): Promise<Verification> {
  const key = await lookUp(hash);
  if (!key) return { ok: false, code: "invalid_key" };
  if (key.revokedAt && key.revokedAt.getTime() <= now) return { ok: false, code: "revoked_key" };
  if (key.expiresAt && key.expiresAt.getTime() <= now) return { ok: false, code: "expired_key" };
  return { ok: true, key };
}

/** A key's id never changes its hash, so this map needs no invalidation; it is only bounded. */
const hashById = new Map<string, Uint8Array<ArrayBuffer>>();

async function hashOfKey(id: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const known = hashById.get(id);
  if (known) return known;
  const row = await getPrisma().apiKey.findUnique({ where: { id }, select: { hash: true } });
  if (!row) return null;
  if (hashById.size >= 10_000) hashById.delete(hashById.keys().next().value!);
  const hash = new Uint8Array(row.hash);
  hashById.set(id, hash);
  return hash;
}

async function lookUp(hash: Uint8Array<ArrayBuffer>): Promise<VerifiedKey | null> {
  const { cache } = services().keyVerification;
  const cacheKey = hashToHex(hash);
  try {
    const key = await cache.load(cacheKey, () => findKeyByHash(hash));
    noteDatabaseUp();
    return key;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // PostgreSQL is away: a key seen recently keeps working, within a bounded staleness
    // (KEYWARD_OUTAGE_STALENESS_MS): a revocation made just before the outage must not be ignored forever.
    const known = cache.getStale(cacheKey, serverEnv().KEYWARD_OUTAGE_STALENESS_MS);
    if (known === undefined) throw error;
    noteDatabaseOutage(error);
    return known;
  }
}

/**
 * One round trip: the key and its organization joined in SQL. (Prisma's
 * relation select would send two queries, doubling the cost of a cache miss.)
 */
async function findKeyByHash(hash: Uint8Array<ArrayBuffer>): Promise<VerifiedKey | null> {
  const rows = await getPrisma().$queryRaw<(Omit<VerifiedKey, "organization" | "allowsIp"> & { organizationName: string; organizationSlug: string })[]>`
    SELECT k.id, k.organization_id AS "organizationId", k.name, k.hint, k.environment::text AS environment,
           -- The column allows NULL (Prisma never writes it, a hand-made row can): no scopes, rather than a 500.
           COALESCE(k.scopes, '{}') AS scopes,
           k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt", k.created_by_id AS "createdById", k.lineage_id AS "lineageId",
           k.rate_limit_plan::text AS "rateLimitPlan", k.rate_limit_max AS "rateLimitMax",
           k.rate_limit_window_seconds AS "rateLimitWindowSeconds", k.monthly_quota AS "monthlyQuota",
           COALESCE(k.allowed_ips, '{}') AS "allowedIps",
           EXISTS (SELECT 1 FROM credit_balances c WHERE c.holder_id IN (k.lineage_id, k.organization_id)) AS "hasCredits",
           o.name AS "organizationName", o.slug AS "organizationSlug"
    FROM api_keys k JOIN organizations o ON o.id = k.organization_id
    WHERE k.hash = ${hash}`;
  const row = rows[0];
  if (!row) return null;
  const { organizationName, organizationSlug, ...key } = row;
  return { ...key, allowsIp: compileAllowlist(key.allowedIps), organization: { id: key.organizationId, name: organizationName, slug: organizationSlug } };
}

/** Waits until change notifications flow (tests and the benchmark use it to measure the warm path). */
export async function keyVerificationReady() {
  await services().keyVerification.listener.ready;
}
