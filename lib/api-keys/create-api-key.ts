import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import type { KeyEnvironment, Role } from "@/lib/generated/prisma/enums";
import { rateLimitColumns } from "@/lib/rate-limit/plans";
import { auditActorOf, canSetRateLimits, type KeyActor } from "./actor";
import { hashApiKey } from "./hash-key";
import { invalidateKeys, keyChangeTransaction } from "./invalidate-keys";
import { generateApiKey, keyHint } from "./key-format";
import { assertExpiryAllowed, readKeyPolicy } from "./key-policy";
import { loadApiKeyView, type ApiKeyView } from "./key-view";
import { CreateApiKeySchema, type CreateApiKeyInput } from "./schemas";
import { normalizeScopes, scopesBeyondRole } from "./scopes";

/** The one time a key's secret exists outside its owner's hands: returned here, never stored. */
export type IssuedApiKey = { apiKey: ApiKeyView; secret: string };

export async function createApiKey(actor: KeyActor, input: CreateApiKeyInput): Promise<IssuedApiKey> {
  const parsed = CreateApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const data = { ...parsed.data, scopes: normalizeScopes(parsed.data.scopes) };
  const now = new Date();

  if (data.rateLimit && !canSetRateLimits(actor) && (data.rateLimit.plan !== "STANDARD" || data.rateLimit.monthlyQuota)) {
    throw new ValidationError({ rateLimit: ["Only admins and owners can choose a rate-limit plan or quota."] });
  }
  const { id, secret } = await keyChangeTransaction(async (tx) => {
    assertExpiryAllowed(await readKeyPolicy(tx, actor.organizationId), data.expiresAt, now);
    const owner = await resolveOwner(tx, actor, data.ownerId);
    assertOwnerMayHold(actor, owner, data);
    await assertNameFree(tx, actor.organizationId, data.name, now);
    return insertKey(tx, actor, {
      ownerId: owner.userId,
      name: data.name,
      description: data.description,
      environment: data.environment,
      scopes: data.scopes,
      expiresAt: data.expiresAt,
      allowedIps: data.allowedIps,
      rateLimit: data.rateLimit ? { monthlyQuota: null, ...rateLimitColumns(data.rateLimit) } : undefined,
    });
  });
  return { apiKey: await loadApiKeyView(id), secret };
}

type NewKey = {
  ownerId: string;
  name: string;
  description: string | null;
  environment: KeyEnvironment;
  scopes: string[];
  expiresAt: Date | null;
  /** A successor's place in its rotation chain; a new key starts a lineage of its own. */
  predecessor?: { id: string; lineageId: string };
  /** Normalised (ip-allowlist.ts); empty: any address. */
  allowedIps: string[];
  rateLimit?: { rateLimitPlan: "STANDARD" | "PRO" | "CUSTOM"; rateLimitMax: number | null; rateLimitWindowSeconds: number | null; monthlyQuota: number | null };
};

/** Generates the secret and stores its hash, with an audit event; shared by create and rotate. */
export async function insertKey(tx: Tx, actor: KeyActor, key: NewKey): Promise<{ id: string; secret: string }> {
  const env = serverEnv();
  const secret = generateApiKey(env.KEY_PREFIX, key.environment);
  const hash = hashApiKey(secret, env.KEY_PEPPER);
  const row = await tx.apiKey.create({
    data: {
      organizationId: actor.organizationId,
      createdById: key.ownerId,
      name: key.name,
      description: key.description,
      environment: key.environment,
      scopes: key.scopes,
      expiresAt: key.expiresAt,
      hash,
      hint: keyHint(secret),
      predecessorId: key.predecessor?.id,
      lineageId: key.predecessor?.lineageId,
      allowedIps: key.allowedIps,
      ...key.rateLimit,
    },
    select: { id: true, name: true, hint: true, environment: true, scopes: true, expiresAt: true, allowedIps: true },
  });
  await recordAuditEvent(tx, {
    organizationId: actor.organizationId,
    actor: auditActorOf(actor),
    action: key.predecessor ? "api_key.rotated_in" : "api_key.created",
    target: { type: "api_key", id: row.id },
    metadata: {
      name: row.name,
      hint: row.hint,
      environment: row.environment,
      scopes: row.scopes,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      ...(row.allowedIps.length ? { allowedIps: row.allowedIps } : {}),
      ...(key.predecessor ? { predecessorId: key.predecessor.id } : {}),
    },
  });
  // Another process may have cached this hash as unknown (someone tried the key early).
  await invalidateKeys(tx, [hash]);
  return { id: row.id, secret };
}

type KeyOwner = { userId: string; role: Role };

async function resolveOwner(tx: Tx, actor: KeyActor, requestedOwnerId: string | undefined): Promise<KeyOwner> {
  if (actor.type === "user") return { userId: actor.userId, role: actor.role };
  // The operator issues keys on someone's behalf: the named member, or else the organization's first owner.
  const membership = await tx.membership.findFirst({
    where: { organizationId: actor.organizationId, ...(requestedOwnerId ? { userId: requestedOwnerId } : { role: "OWNER" }) },
    orderBy: { createdAt: "asc" },
    select: { userId: true, role: true },
  });
  if (!membership) throw new ValidationError({ ownerId: [requestedOwnerId ? "That user is not a member of this organization." : "The organization has no owner."] });
  return membership;
}

/**
 * A key is held by its owner, so what it may do follows the owner's role, also
 * when the operator issues it on their behalf (a member never holds a live
 * write key, whoever minted it). Rotation applies the same rule (change-api-key.ts).
 */
function assertOwnerMayHold(actor: KeyActor, owner: KeyOwner, key: { environment: KeyEnvironment; scopes: string[] }) {
  const beyond = scopesBeyondRole(owner.role, key.environment, key.scopes);
  if (!beyond.length) return;
  throw new ValidationError({
    scopes: [
      actor.type === "user"
        ? `Members can grant write access on test keys only; ask an admin for a live key with ${beyond.join(", ")}.`
        : `The owner is a member, who can hold write access on test keys only: issue a test key or a live read-only key, or make them an admin first (${beyond.join(", ")}).`,
    ],
  });
}

/**
 * Names are unique among the organization's usable keys, so a person can tell
 * them apart. Create and rename both check it (a rename excludes the key itself).
 */
export async function assertNameFree(tx: Tx, organizationId: string, name: string, now: Date, exceptKeyId?: string) {
  // "Active" depends on the clock (expiry), so no unique index can say it. Instead, creates and renames
  // of one name in one organization queue on a transaction-scoped lock: the second one's check
  // runs after the first has committed, and sees its key.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`api_key_name:${organizationId}:${name.toLowerCase()}`}, 0))`;
  const clash = await tx.apiKey.findFirst({
    where: {
      organizationId,
      ...(exceptKeyId ? { id: { not: exceptKeyId } } : {}),
      name: { equals: name, mode: "insensitive" },
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: { id: true },
  });
  if (clash) throw new ValidationError({ name: ["An active key already has this name. Choose another, or revoke that key first."] });
}
