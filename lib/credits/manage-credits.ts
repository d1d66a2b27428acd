// Admins and owners (and the operator CLI) manage prepaid credits, of a key's
// rotation chain (its successors spend the same balance) or of the whole
// organization (spent by every key without credits of its own): top up, set a
// monthly refill, or stop metering. Each change is in the audit log; whether
// a key is metered reaches every instance's verification cache at once.
import "server-only";
import { z } from "zod";
import { auditActorOf, canSetRateLimits, type KeyActor } from "@/lib/api-keys/actor";
import { inKeyTransaction } from "@/lib/api-keys/change-api-key";
import { invalidateKeys, keyChangeTransaction } from "@/lib/api-keys/invalidate-keys";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { releaseNotice } from "@/lib/notices/claim-notice";
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

/** The credits form's submission: the button pressed (intent) says what to do. */
export function creditChangeFromForm(form: { intent?: string; amount?: string; monthlyRefill?: string }): CreditChange {
  const intent = form.intent;
  if (intent === "add") return { action: "add", amount: Number(form.amount || NaN) };
  if (intent === "refill") {
    const refill = (form.monthlyRefill ?? "").trim();
    return { action: "refill", monthlyRefill: refill === "" ? null : Number(refill) };
  }
  return { action: "unmetered" };
}
type Holder = { id: string; kind: "KEY_CHAIN" | "ORGANIZATION"; organizationId: string };

export async function readCredits(holderId: string): Promise<CreditState> {
  return getPrisma().creditBalance.findUnique({ where: { holderId }, select: { balance: true, monthlyRefill: true } });
}

/** For a key the caller may already see (its page): its chain's own credits, or null. */
export async function readKeyCredits(keyId: string): Promise<CreditState> {
  const key = await getPrisma().apiKey.findUnique({ where: { id: keyId }, select: { lineageId: true } });
  return key ? readCredits(key.lineageId) : null;
}

/** A key chain's credits (the key and its successors). */
export async function changeCredits(actor: KeyActor, keyId: string, input: CreditChange): Promise<CreditState> {
  const change = parseChange(actor, input);
  return inKeyTransaction(actor, keyId, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("key_revoked", "A revoked key's credits cannot change.");
    const after = await applyChange(tx, actor, { id: key.lineageId, kind: "KEY_CHAIN", organizationId: actor.organizationId }, change, {
      type: "api_key",
      id: keyId,
      label: { name: key.name, hint: key.hint },
    });
    return after;
  });
}

/** The organization's credits: every key without credits of its own spends them. */
export async function changeOrganizationCredits(actor: KeyActor, input: CreditChange): Promise<CreditState> {
  const change = parseChange(actor, input);
  const after = await keyChangeTransaction((tx) =>
    applyChange(tx, actor, { id: actor.organizationId, kind: "ORGANIZATION", organizationId: actor.organizationId }, change, { type: "organization", id: actor.organizationId, label: {} }),
  );
  return after;
}

function parseChange(actor: KeyActor, input: CreditChange) {
  if (!canSetRateLimits(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can change credits.");
  const parsed = CreditChangeSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  return parsed.data;
}

async function applyChange(
  tx: Tx,
  actor: KeyActor,
  holder: Holder,
  change: z.output<typeof CreditChangeSchema>,
  target: { type: "api_key" | "organization"; id: string; label: Record<string, string> },
): Promise<CreditState> {
  // One change at a time per holder: a top-up and a refill racing would each read the same "before".
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`credits:${holder.id}`}, 0))`;
  const before = await tx.creditBalance.findUnique({ where: { holderId: holder.id } });
  const row = { holderId: holder.id, holder: holder.kind, organizationId: holder.organizationId };
  let after: CreditState = null;
  if (change.action === "add") {
    if ((before?.balance ?? 0) + change.amount > MAX_CREDITS) throw new ValidationError({ amount: [`A balance can be at most ${MAX_CREDITS.toLocaleString("en")}.`] });
    after = await tx.creditBalance.upsert({
      where: { holderId: holder.id },
      create: { ...row, balance: change.amount },
      update: { balance: { increment: change.amount } },
      select: { balance: true, monthlyRefill: true },
    });
  } else if (change.action === "refill") {
    // Setting a refill tops the balance up to it now, as the first of a month would.
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    const refill = change.monthlyRefill;
    after = await tx.creditBalance.upsert({
      where: { holderId: holder.id },
      create: { ...row, balance: refill ?? 0, monthlyRefill: refill, refilledFor: refill ? month : null },
      update: { monthlyRefill: refill, ...(refill ? { balance: Math.max(before?.balance ?? 0, refill), refilledFor: month } : {}) },
      select: { balance: true, monthlyRefill: true },
    });
  } else {
    await tx.creditBalance.deleteMany({ where: { holderId: holder.id } });
  }
  // Topped up: the next time the balance runs low is news again (credits.low, lib/notices).
  if (change.action !== "unmetered") await releaseNotice(tx, { kind: "credits.low", subjectId: holder.id });
  const verb = change.action === "add" ? "credits_added" : change.action === "refill" ? "credit_refill_set" : "credits_unmetered";
  await recordAuditEvent(tx, {
    organizationId: actor.organizationId,
    actor: auditActorOf(actor),
    action: `${target.type}.${verb}` as const,
    target: { type: target.type, id: target.id },
    metadata: {
      ...target.label,
      ...(change.action === "add" ? { amount: change.amount } : {}),
      before: before ? { balance: before.balance, monthlyRefill: before.monthlyRefill } : null,
      after,
    },
  });
  // Whether a key is metered is part of what every instance caches for it: tell them when that changes.
  if (Boolean(before) !== Boolean(after)) await invalidateHolderKeys(tx, holder);
  return after;
}

async function invalidateHolderKeys(tx: Tx, holder: Holder) {
  const keys = await tx.apiKey.findMany({
    where: holder.kind === "KEY_CHAIN" ? { lineageId: holder.id } : { organizationId: holder.id, revokedAt: null },
    select: { hash: true },
  });
  await invalidateKeys(tx, keys.map((key) => key.hash));
}
