// Update, revoke and rotate: each locks the key's row (SELECT … FOR UPDATE) in
// one transaction, writes an audit event, and invalidates the key in every
// process's verification cache (invalidate-keys.ts).
import "server-only";
import { changedFields, recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { isUuid } from "@/lib/db/ids";
import type { AuditAction } from "@/lib/audit/actions";
import type { Tx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, fieldErrorsFrom, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { RateLimitSettingsSchema, rateLimitColumns, type RateLimitSettings } from "@/lib/rate-limit/plans";
import { auditActorOf, canSeeAllKeys, canSetRateLimits, type KeyActor } from "./actor";
import { assertNameFree, insertKey, type IssuedApiKey } from "./create-api-key";
import { invalidateKeys, keyChangeTransaction } from "./invalidate-keys";
import { assertExpiryAllowed, readKeyPolicy, successorExpiry } from "./key-policy";
import { loadApiKeyView, type ApiKeyView } from "./key-view";
import { GRACE_PERIODS, GracePeriodSchema, UpdateApiKeySchema, type GracePeriod, type UpdateApiKeyInput } from "./schemas";
import { scopesBeyondRole } from "./scopes";

export async function updateApiKey(actor: KeyActor, id: string, input: UpdateApiKeyInput): Promise<ApiKeyView> {
  const parsed = UpdateApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  await inKeyTransaction(actor, id, async (tx, key) => {
    const { before, after } = changedFields({ name: key.name, description: key.description }, parsed.data);
    // Saving the form unchanged is not an edit: nothing to write, nothing to log.
    if (!Object.keys(after).length) return { result: null, hash: key.hash };
    if (after.name !== undefined) await assertNameFree(tx, actor.organizationId, after.name, new Date(), id);
    // The name is part of what /api/v1/me reports.
    await writeKeyChange(tx, key, { by: changedBy(actor), data: after, action: "api_key.updated", metadata: { name: after.name ?? key.name, before, after } });
    return null;
  });
  return loadApiKeyView(id);
}

/** Changes a key's rate-limit plan (and quota); every instance applies it within a second. */
export async function setApiKeyRateLimit(actor: KeyActor, id: string, settings: RateLimitSettings): Promise<ApiKeyView> {
  if (!canSetRateLimits(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can change a key's rate limit.");
  const parsed = RateLimitSettingsSchema.safeParse(settings);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const columns = rateLimitColumns(parsed.data);
  await inKeyTransaction(actor, id, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("key_revoked", "A revoked key's limits cannot change.");
    const before = { plan: key.rateLimitPlan, limit: key.rateLimitMax, windowSeconds: key.rateLimitWindowSeconds, monthlyQuota: key.monthlyQuota };
    const after = { plan: columns.rateLimitPlan, limit: columns.rateLimitMax, windowSeconds: columns.rateLimitWindowSeconds, monthlyQuota: columns.monthlyQuota ?? key.monthlyQuota };
    // Saving the same settings changes nothing, so the log says nothing.
    if (!Object.keys(changedFields(before, after).after).length) return { result: null, hash: key.hash };
    // The plan is part of what every instance caches for the key.
    await writeKeyChange(tx, key, { by: changedBy(actor), data: columns, action: "api_key.rate_limit_changed", metadata: { before, after } });
    return null;
  });
  return loadApiKeyView(id);
}

/**
 * Takes effect at once. The key stays, marked revoked, for the record.
 * `reason` goes into the audit event (the CLI's scan says where it found the key).
 */
export async function revokeApiKey(actor: KeyActor, id: string, options: { reason?: string } = {}): Promise<ApiKeyView> {
  await inKeyTransaction(actor, id, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("already_revoked", "This key is already revoked.");
    await revokeLockedKey(tx, key, { ...changedBy(actor), revokedById: actor.type === "user" ? actor.userId : null, reason: options.reason });
    return null;
  });
  return loadApiKeyView(id);
}

/**
 * The revocation itself, on a row the caller locked in a key-change
 * transaction (inKeyTransaction): shared with revocations no member asked
 * for, such as a key reported leaked (lib/leaks), whose actor is the system.
 */
export async function revokeLockedKey(tx: Tx, key: ChangedKey, by: ChangedBy & { revokedById: string | null; reason?: string }) {
  await writeKeyChange(tx, key, {
    by,
    data: { revokedAt: new Date(), revokedById: by.revokedById },
    action: "api_key.revoked",
    metadata: by.reason ? { reason: by.reason } : {},
  });
}

/** Admin review's bulk revoke: admins and owners only; keys already revoked are skipped, not errors. */
export async function revokeApiKeys(actor: KeyActor, ids: string[]): Promise<{ revoked: number; skipped: number }> {
  if (!canSeeAllKeys(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can revoke keys in bulk.");
  if (ids.length === 0) throw new ValidationError({ ids: ["Select at least one key."] });
  let revoked = 0;
  let skipped = 0;
  for (const id of new Set(ids)) {
    try {
      await revokeApiKey(actor, id);
      revoked++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      skipped++;
    }
  }
  return { revoked, skipped };
}

export type RotatedApiKey = IssuedApiKey & { previous: ApiKeyView };

/**
 * Issues a successor with the same settings, and lets the old key work for
 * the grace period (never past its own expiry), so clients can switch over
 * with no downtime. The successor's lifetime equals the old key's original
 * lifetime, capped by the organization's current policy.
 *
 * Rotation mints a new secret, so it follows the rules of creation: the
 * person rotating must be allowed to create such a key, and so must the key's
 * owner as they are today. A key its owner could no longer create (they were
 * demoted, or left) keeps working until it expires or is revoked, is flagged
 * in admin review, and cannot be rotated: an admin revokes it and issues a
 * key that fits.
 */
export async function rotateApiKey(actor: KeyActor, id: string, grace: GracePeriod): Promise<RotatedApiKey> {
  const parsedGrace = GracePeriodSchema.safeParse(grace);
  if (!parsedGrace.success) throw new ValidationError(fieldErrorsFrom(parsedGrace.error.issues));
  const now = new Date();
  const { successorId, secret } = await inKeyTransaction(actor, id, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("key_revoked", "A revoked key cannot be rotated.");
    if (key.expiresAt && key.expiresAt <= now) throw new ConflictError("key_expired", "An expired key cannot be rotated.");
    const successor = await tx.apiKey.findUnique({ where: { predecessorId: id }, select: { id: true } });
    if (successor) throw new ConflictError("already_rotated", "This key was already rotated; rotate its successor instead.");

    await assertRotationAllowed(tx, actor, key);

    const lifetimeMs = key.expiresAt ? key.expiresAt.getTime() - key.createdAt.getTime() : null;
    const policy = await readKeyPolicy(tx, actor.organizationId);
    const expiresAt = successorExpiry(policy, lifetimeMs, now);
    assertExpiryAllowed(policy, expiresAt, now);

    const graceEnd = new Date(now.getTime() + GRACE_PERIODS[parsedGrace.data]);
    const oldExpiresAt = key.expiresAt && key.expiresAt < graceEnd ? key.expiresAt : graceEnd;
    await tx.apiKey.update({ where: { id }, data: { expiresAt: oldExpiresAt }, select: { id: true } });
    const issued = await insertKey(tx, actor, {
      ownerId: key.createdById,
      name: key.name,
      description: key.description,
      environment: key.environment,
      scopes: key.scopes,
      expiresAt,
      predecessor: { id, lineageId: key.lineageId },
      // Where the key may be used from is part of what it is: the successor is held to the same addresses.
      allowedIps: key.allowedIps,
      rateLimit: {
        rateLimitPlan: key.rateLimitPlan,
        rateLimitMax: key.rateLimitMax,
        rateLimitWindowSeconds: key.rateLimitWindowSeconds,
        monthlyQuota: key.monthlyQuota,
      },
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActorOf(actor),
      action: "api_key.rotated",
      target: { type: "api_key", id },
      metadata: { name: key.name, hint: key.hint, successorId: issued.id, grace: parsedGrace.data, worksUntil: oldExpiresAt.toISOString() },
    });
    await invalidateKeys(tx, [key.hash]);
    return { successorId: issued.id, secret: issued.secret };
  }).catch((error: { code?: string }) => {
    // Two rotations racing: the second trips over the unique predecessor_id.
    if (error.code === "P2002") throw new ConflictError("already_rotated", "This key was already rotated; rotate its successor instead.");
    throw error;
  });
  const [apiKey, previous] = await Promise.all([loadApiKeyView(successorId), loadApiKeyView(id)]);
  return { apiKey, secret, previous };
}

/** The rules of creation, applied to the person rotating and to the key's owner as they are now. */
async function assertRotationAllowed(tx: Tx, actor: KeyActor, key: LockedKey) {
  const actorBeyond = scopesBeyondRole(actor.type === "user" ? actor.role : "OPERATOR", key.environment, key.scopes);
  if (actorBeyond.length) {
    throw new ForbiddenError(
      "beyond_role",
      `Your role cannot issue a live key with ${actorBeyond.join(", ")}, so you cannot rotate this one. Ask an admin to rotate it, or revoke it and create a test key or a live read-only key.`,
    );
  }
  const owner = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: actor.organizationId, userId: key.createdById } },
    select: { role: true },
  });
  if (!owner) {
    throw new ForbiddenError("owner_left", "This key's owner is no longer a member of the organization, so it cannot be rotated. Revoke it, and issue a new key to a current member.");
  }
  const ownerBeyond = scopesBeyondRole(owner.role, key.environment, key.scopes);
  if (ownerBeyond.length) {
    throw new ForbiddenError(
      "beyond_owner_role",
      `This key's owner is now a member, who cannot hold a live key with ${ownerBeyond.join(", ")}, so it cannot be rotated. Revoke it, and issue a key that fits their role (or make them an admin again).`,
    );
  }
}

export type LockedKey = {
  id: string;
  hash: Uint8Array;
  hint: string;
  name: string;
  description: string | null;
  environment: "LIVE" | "TEST";
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  createdById: string;
  lineageId: string;
  rateLimitPlan: "STANDARD" | "PRO" | "CUSTOM";
  rateLimitMax: number | null;
  rateLimitWindowSeconds: number | null;
  monthlyQuota: number | null;
  allowedIps: string[];
};

type ChangedKey = Pick<LockedKey, "id" | "hash" | "name" | "hint">;
/** Who changes a key, as the audit log names them: a member or the operator (changedBy), or the system (a leak report). */
type ChangedBy = { organizationId: string; actor: AuditActor };

export function changedBy(actor: KeyActor): ChangedBy {
  return { organizationId: actor.organizationId, actor: auditActorOf(actor) };
}

/**
 * The one way a locked key's own columns change: written, audited (the key's
 * name and hint, then `metadata`: before → after, a reason) and invalidated
 * on every instance, all in `tx`, so none happens without the others.
 */
export async function writeKeyChange(
  tx: Tx,
  key: ChangedKey,
  change: { by: ChangedBy; data: Prisma.ApiKeyUncheckedUpdateInput; action: AuditAction; metadata: Prisma.InputJsonObject },
) {
  await tx.apiKey.update({ where: { id: key.id }, data: change.data, select: { id: true } });
  await recordAuditEvent(tx, {
    organizationId: change.by.organizationId,
    actor: change.by.actor,
    action: change.action,
    target: { type: "api_key", id: key.id },
    metadata: { name: key.name, hint: key.hint, ...change.metadata },
  });
  await invalidateKeys(tx, [key.hash]);
}

/**
 * Runs `change` with the key's row locked, if the actor may act on it; a key
 * they may not see is "not found". What `change` invalidates is evicted from
 * every instance's verification cache (invalidate-keys.ts).
 */
export async function inKeyTransaction<T>(actor: KeyActor, id: string, change: (tx: Tx, key: LockedKey) => Promise<T>): Promise<T> {
  if (!isUuid(id)) throw new NotFoundError("No such key.");
  return keyChangeTransaction(async (tx) => {
    const ownerOnly = canSeeAllKeys(actor) ? null : actor.type === "user" ? actor.userId : null;
    const [key] = await tx.$queryRaw<LockedKey[]>`
      SELECT id, hash, hint, name, description, environment::text AS environment, scopes,
             expires_at AS "expiresAt", revoked_at AS "revokedAt", created_at AS "createdAt",
             created_by_id AS "createdById", lineage_id AS "lineageId", rate_limit_plan::text AS "rateLimitPlan",
             rate_limit_max AS "rateLimitMax", rate_limit_window_seconds AS "rateLimitWindowSeconds",
             monthly_quota AS "monthlyQuota", COALESCE(allowed_ips, '{}') AS "allowedIps"
      FROM api_keys
      WHERE id = ${id}::uuid AND organization_id = ${actor.organizationId}::uuid
        AND (${ownerOnly}::uuid IS NULL OR created_by_id = ${ownerOnly}::uuid)
      FOR UPDATE`;
    if (!key) throw new NotFoundError("No such key.");
    return change(tx, key);
  });
}
