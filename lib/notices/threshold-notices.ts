// Events that traffic crosses into: quota.threshold (80% and 100% of a key
// chain's monthly quota) and credits.low (a charge leaves a balance under its
// low mark). They sit on the request path, so: the crossing is worked out
// from figures the request already has (no query per request); only the one
// request that crosses does anything, and it does so off its own critical
// path; repeats (each instance counting on its own, a restart) fold into one
// through the notices table; and a failure is logged, never the request's.
import "server-only";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { eventKey, type EventKeySource } from "@/lib/events/event-key";
import { serverEnv } from "@/lib/env";
import { emitEvent, type EventInput } from "@/lib/events/emit-event";
import { logger } from "@/lib/logging/logger";
import { claimNotice, type Notice } from "./claim-notice";

export const QUOTA_THRESHOLDS = [80, 100] as const;
export type QuotaThreshold = (typeof QUOTA_THRESHOLDS)[number];

type KeyOfRequest = EventKeySource & { organizationId: string; lineageId: string };

/**
 * The thresholds this request's count reached. Every allowed request gets its
 * own count (Redis INCR, or one instance's counter), so exactly one request
 * lands on each mark per counter.
 */
export function quotaThresholdsReached(quota: number, used: number): QuotaThreshold[] {
  return QUOTA_THRESHOLDS.filter((percent) => used === Math.ceil((quota * percent) / 100));
}

/** After an allowed request's quota count: announces a threshold it reached, in the background. */
export function noticeQuotaThresholds(key: KeyOfRequest, decision: { allowed: boolean; quota: number; remaining: number; resetAt: number }, now: number): void {
  if (!decision.allowed) return;
  const used = decision.quota - decision.remaining;
  for (const threshold of quotaThresholdsReached(decision.quota, used)) {
    inBackground(announceQuotaThreshold(key, { threshold, quota: decision.quota, used, resetAt: decision.resetAt }, now));
  }
}

/** One quota.threshold per threshold, key chain and month; true when this call emitted it. */
export async function announceQuotaThreshold(
  key: KeyOfRequest,
  figures: { threshold: QuotaThreshold; quota: number; used: number; resetAt: number },
  now: number,
): Promise<boolean> {
  const period = new Date(now).toISOString().slice(0, 7); // the quota's calendar month, UTC
  return announceOnce({ organizationId: key.organizationId, kind: `quota.threshold.${figures.threshold}`, subjectId: key.lineageId, period }, {
    type: "quota.threshold",
    organizationId: key.organizationId,
    data: { key: eventKey(key), lineageId: key.lineageId, threshold: figures.threshold, quota: figures.quota, used: figures.used, period, resetsAt: new Date(figures.resetAt).toISOString() },
    at: new Date(now),
  });
}

/** The balance under which credits are low: a share of the monthly refill, else a fixed figure (0: never). */
export function lowCreditMark(monthlyRefill: number | null): number {
  const env = serverEnv();
  return monthlyRefill ? Math.floor((monthlyRefill * env.KEYWARD_CREDITS_LOW_PERCENT) / 100) : env.KEYWARD_CREDITS_LOW_BALANCE;
}

export type ChargedBalance = { holderId: string; holder: "KEY_CHAIN" | "ORGANIZATION"; balance: number; monthlyRefill: number | null; refilledFor: Date | null };

/** After a charge: when it took the balance from at or above the low mark to under it, announces credits.low in the background. */
export function noticeLowCredits(key: KeyOfRequest, charged: ChargedBalance, cost: number): void {
  const mark = lowCreditMark(charged.monthlyRefill);
  if (charged.balance < mark && charged.balance + cost >= mark) inBackground(announceLowCredits(key, charged, mark));
}

/** One credits.low per holder until it is topped up (manage-credits releases the notice) or refilled (a new period). */
export async function announceLowCredits(key: KeyOfRequest, charged: ChargedBalance, mark: number): Promise<boolean> {
  const period = charged.refilledFor ? charged.refilledFor.toISOString().slice(0, 7) : "";
  return announceOnce({ organizationId: key.organizationId, kind: "credits.low", subjectId: charged.holderId, period }, {
    type: "credits.low",
    organizationId: key.organizationId,
    data: {
      holder: charged.holder === "KEY_CHAIN" ? "key_chain" : "organization",
      holderId: charged.holderId,
      key: eventKey(key),
      balance: charged.balance,
      threshold: mark,
      monthlyRefill: charged.monthlyRefill,
    },
  });
}

async function announceOnce(notice: Notice, event: EventInput): Promise<boolean> {
  return getPrisma().$transaction(async (tx: Tx) => {
    if (!(await claimNotice(tx, notice))) return false;
    await emitEvent(event, tx);
    return true;
  });
}

function inBackground(work: Promise<unknown>) {
  work.catch((error: unknown) => logger().warn({ err: error }, "[keyward] Could not record a threshold event; the request was not affected"));
}
