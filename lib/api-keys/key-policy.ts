// The organization's key policy: whether keys must expire, and how far out.
// Create and rotate both go through it.
import type { PrismaClient, Tx } from "@/lib/db/prisma";
import { ValidationError } from "@/lib/errors";

export type KeyPolicy = { maxKeyLifetimeDays: number | null; requireKeyExpiry: boolean };

/** The organization's policy, read in the caller's transaction (create and rotate) or outside one (the form). */
export function readKeyPolicy(db: Tx | PrismaClient, organizationId: string): Promise<KeyPolicy> {
  return db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { maxKeyLifetimeDays: true, requireKeyExpiry: true } });
}

/** The policy in one sentence, for the create form; null when keys may live forever. */
export function describeKeyPolicy(policy: KeyPolicy): string | null {
  if (policy.maxKeyLifetimeDays !== null) return `Your organization allows keys to live at most ${days(policy.maxKeyLifetimeDays)}.`;
  return policy.requireKeyExpiry ? "Your organization requires keys to expire." : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Field errors for an expiry the policy does not allow, under "expiresAt". */
export function assertExpiryAllowed(policy: KeyPolicy, expiresAt: Date | null, now: Date) {
  if (expiresAt === null) {
    if (policy.requireKeyExpiry || policy.maxKeyLifetimeDays !== null) {
      throw new ValidationError({ expiresAt: [`Your organization requires keys to expire${limitText(policy)}.`] });
    }
    return;
  }
  if (expiresAt.getTime() <= now.getTime()) throw new ValidationError({ expiresAt: ["Choose an expiry in the future."] });
  if (policy.maxKeyLifetimeDays !== null && expiresAt.getTime() > latestAllowedExpiry(now, policy.maxKeyLifetimeDays)) {
    throw new ValidationError({ expiresAt: [`Your organization allows keys to live at most ${days(policy.maxKeyLifetimeDays)}.`] });
  }
}

/** A policy that requires expiry but sets no maximum: how long a successor of a never-expiring key lives. */
const DEFAULT_REQUIRED_LIFETIME_DAYS = 90;

/**
 * A rotated key's successor keeps its predecessor's lifetime, within the
 * policy as it is now: capped to the maximum lifetime, and given one when the
 * policy requires expiry (so rotation never fails because the policy became
 * stricter after the key was made).
 */
export function successorExpiry(policy: KeyPolicy, lifetimeMs: number | null, now: Date): Date | null {
  if (lifetimeMs === null) {
    if (policy.maxKeyLifetimeDays !== null) return new Date(latestAllowedExpiry(now, policy.maxKeyLifetimeDays));
    return policy.requireKeyExpiry ? new Date(now.getTime() + DEFAULT_REQUIRED_LIFETIME_DAYS * DAY_MS) : null;
  }
  const wanted = now.getTime() + lifetimeMs;
  return new Date(policy.maxKeyLifetimeDays === null ? wanted : Math.min(wanted, latestAllowedExpiry(now, policy.maxKeyLifetimeDays)));
}

/** The end of the UTC day that is `days` from now: a date chosen "30 days from today" is always allowed. */
function latestAllowedExpiry(now: Date, days: number): number {
  const limit = new Date(now.getTime() + days * DAY_MS);
  return Date.UTC(limit.getUTCFullYear(), limit.getUTCMonth(), limit.getUTCDate(), 23, 59, 59, 999);
}

function limitText(policy: KeyPolicy) {
  return policy.maxKeyLifetimeDays === null ? "" : ` within ${days(policy.maxKeyLifetimeDays)}`;
}

function days(count: number) {
  return count === 1 ? "1 day" : `${count} days`;
}
