// Admins and owners (and the operator CLI) manage a key's prepaid credits: top
// up, set a monthly refill, or stop metering. Credits belong to the key's
// rotation chain, so its successor spends the same balance. Each change is in
// the audit log, and reaches every instance's verification cache at once.
import "server-only";
import { z } from "zod";
import { auditActorOf, canSetRateLimits, type KeyActor } from "@/lib/api-keys/actor";
import { inKeyTransaction, type LockedKey } from "@/lib/api-keys/change-api-key";
import { notifyKeyChanged } from "@/lib/api-keys/key-change-notifier";
import { forgetVerifiedKey } from "@/lib/api-keys/verify-api-key";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { ConflictError, fieldErrorsFrom, ForbiddenError, ValidationError } from "@/lib/errors";

const MAX_CREDITS = 1_000_000_000;
const Amount = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a number.` })
    .int(`${field} must be a whole number.`)
    .min(1, `${field} must be at least 1.`)
    .max(MAX_CREDITS, `${field} must be at most ${MAX_CREDITS.toLocaleString("en")}.`);

export const CreditChangeSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("add"), amount: Amount("amount") }),
  z.object({ action: z.literal("refill"), monthlyRefill: Amount("monthlyRefill").nullable() }),
  z.object({ action: z.literal("unmetered") }),
]);
export type CreditChange = z.input<typeof CreditChangeSchema>;

export type CreditState = { balance: number; monthlyRefill: number | null } | null;

export async function readCredits(lineageId: string): Promise<CreditState> {
  return getPrisma().creditBalance.findUnique({ where: { lineageId }, select: { balance: true, monthlyRefill: true } });
}

/** For a key the caller may already see (its page): its chain's credits, or null when not metered. */
export async function readKeyCredits(keyId: string): Promise<CreditState> {
  const key = await getPrisma().apiKey.findUnique({ where: { id: keyId }, select: { lineageId: true } });
  return key ? readCredits(key.lineageId) : null;
}

export async function changeCredits(actor: KeyActor, keyId: string, input: CreditChange): Promise<CreditState> {
  if (!canSetRateLimits(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can change a key's credits.");
  const parsed = CreditChangeSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const change = parsed.data;
  return inKeyTransaction(actor, keyId, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("key_revoked", "A revoked key's credits cannot change.");
    const before = await tx.creditBalance.findUnique({ where: { lineageId: key.lineageId } });
    let after: CreditState = null;
    if (change.action === "add") {
      if ((before?.balance ?? 0) + change.amount > MAX_CREDITS) throw new ValidationError({ amount: [`A balance can be at most ${MAX_CREDITS.toLocaleString("en")}.`] });
      after = await tx.creditBalance.upsert({
        where: { lineageId: key.lineageId },
        create: { lineageId: key.lineageId, organizationId: actor.organizationId, balance: change.amount },
        update: { balance: { increment: change.amount } },
        select: { balance: true, monthlyRefill: true },
      });
    } else if (change.action === "refill") {
      // Setting a refill tops the balance up to it now, as the first of a month would.
      const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
      const refill = change.monthlyRefill;
      after = await tx.creditBalance.upsert({
        where: { lineageId: key.lineageId },
        create: { lineageId: key.lineageId, organizationId: actor.organizationId, balance: refill ?? 0, monthlyRefill: refill, refilledFor: refill ? month : null },
        update: { monthlyRefill: refill, ...(refill ? { balance: Math.max(before?.balance ?? 0, refill), refilledFor: month } : {}) },
        select: { balance: true, monthlyRefill: true },
      });
    } else {
      await tx.creditBalance.deleteMany({ where: { lineageId: key.lineageId } });
    }
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActorOf(actor),
      action: change.action === "add" ? "api_key.credits_added" : change.action === "refill" ? "api_key.credit_refill_set" : "api_key.credits_unmetered",
      target: { type: "api_key", id: keyId },
      metadata: {
        name: key.name,
        hint: key.hint,
        ...(change.action === "add" ? { amount: change.amount } : {}),
        before: before ? { balance: before.balance, monthlyRefill: before.monthlyRefill } : null,
        after,
      },
    });
    await notifyLineage(tx, key);
    return { result: after, hash: key.hash };
  });
}

/** Whether a lineage is metered is part of what every instance caches for each of its keys. */
async function notifyLineage(tx: Tx, key: LockedKey) {
  const keys = await tx.apiKey.findMany({ where: { lineageId: key.lineageId }, select: { hash: true } });
  for (const { hash } of keys) {
    await notifyKeyChanged(tx, hash);
    forgetVerifiedKey(hash);
  }
}
