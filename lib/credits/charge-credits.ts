// Charging a request to prepaid credits: its key chain's, else its
// organization's. One conditional UPDATE in
// PostgreSQL takes the cost only if the balance covers it (after the monthly
// refill, which the same statement applies when a new UTC month has begun), so
// concurrent requests on any number of instances can never spend credit that
// was not there.
import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import type { EventKeySource } from "@/lib/events/event-key";
import { serverEnv } from "@/lib/env";
import { PaymentRequiredError } from "@/lib/errors";
import { noticeLowCredits } from "@/lib/notices/threshold-notices";

export const CREDITS_HEADER = "X-Credits-Remaining";

/** What a request costs: KEYWARD_CREDIT_COSTS["<METHOD> <route>"], else 1. HEAD costs what GET does. */
export function creditCost(method: string, route: string): number {
  return serverEnv().KEYWARD_CREDIT_COSTS[`${method === "HEAD" ? "GET" : method} ${route}`] ?? 1;
}

/**
 * Takes `cost` credits from the key chain's balance if it has one, else from
 * its organization's; returns the balance left, or null when neither holds
 * credits (metering was removed since the key was cached). Throws 402 when the
 * balance does not cover the cost.
 */
export async function chargeCredits(key: EventKeySource & { lineageId: string; organizationId: string }, cost: number): Promise<number | null> {
  const prisma = getPrisma();
  // The refilled balance is written out twice on purpose: the WHERE must test the row as it is when
  // the UPDATE locks it (PostgreSQL re-checks WHERE on the latest row), not a value read earlier in a
  // CTE, which concurrent requests would all see as still covering the cost (a test caught exactly that).
  const holder = await prisma.$queryRaw<{ holder_id: string; holder: "KEY_CHAIN" | "ORGANIZATION"; balance: number; monthly_refill: number | null; refilled_for: Date | null }[]>`
    WITH chosen AS (
      SELECT holder_id FROM credit_balances WHERE holder_id IN (${key.lineageId}::uuid, ${key.organizationId}::uuid)
      ORDER BY holder = 'KEY_CHAIN' DESC LIMIT 1
    )
    UPDATE credit_balances c SET
      balance = (CASE WHEN monthly_refill IS NOT NULL AND (refilled_for IS NULL OR refilled_for < date_trunc('month', now() AT TIME ZONE 'UTC')::date)
                      THEN GREATEST(balance, monthly_refill) ELSE balance END) - ${cost},
      refilled_for = CASE WHEN monthly_refill IS NOT NULL THEN date_trunc('month', now() AT TIME ZONE 'UTC')::date ELSE refilled_for END,
      updated_at = now()
    FROM chosen
    WHERE c.holder_id = chosen.holder_id
      AND (CASE WHEN monthly_refill IS NOT NULL AND (refilled_for IS NULL OR refilled_for < date_trunc('month', now() AT TIME ZONE 'UTC')::date)
                THEN GREATEST(balance, monthly_refill) ELSE balance END) >= ${cost}
    RETURNING c.holder_id, c.holder, c.balance, c.monthly_refill, c.refilled_for`;
  const charged = holder[0];
  if (charged) {
    // credits.low, from what the UPDATE returned (no query of its own), off the request's path.
    noticeLowCredits(key, { holderId: charged.holder_id, holder: charged.holder, balance: charged.balance, monthlyRefill: charged.monthly_refill, refilledFor: charged.refilled_for }, cost);
    return charged.balance;
  }
  const [row] = await prisma.creditBalance.findMany({
    where: { holderId: { in: [key.lineageId, key.organizationId] } },
    orderBy: { holder: "asc" }, // KEY_CHAIN before ORGANIZATION, as charged
    select: { balance: true },
    take: 1,
  });
  if (!row) return null;
  throw new PaymentRequiredError(row.balance, cost, { [CREDITS_HEADER]: String(row.balance) });
}

/** Gives back what a request was charged when the server failed it (5xx): the client got nothing. */
export async function refundCredits(key: { lineageId: string; organizationId: string }, cost: number): Promise<number | null> {
  const rows = await getPrisma().$queryRaw<{ balance: number }[]>`
    UPDATE credit_balances SET balance = balance + ${cost}, updated_at = now()
    WHERE holder_id = (SELECT holder_id FROM credit_balances WHERE holder_id IN (${key.lineageId}::uuid, ${key.organizationId}::uuid) ORDER BY holder = 'KEY_CHAIN' DESC LIMIT 1)
    RETURNING balance`;
  return rows[0]?.balance ?? null;
}
