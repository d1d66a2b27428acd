// The expiry sweep (the notices.sweep job, every 5 minutes): a key's owner
// hears 7 days and 1 day before it expires (email and key.expiring), and
// webhooks hear key.expired when it has. Each once (claim-notice.ts).
//
// Left out on purpose, as noise: revoked keys, and keys that expire because
// they were rotated (a successor exists: the owner already has the new one).
// A notice's period is the expiry it warned about: a key whose expiry is
// moved (extended, say) is reminded again about the new date, once.
//
// A key first seen already expired (the first sweep after an upgrade, or a
// long outage) is announced only if it expired within the last day, so an
// upgrade does not flood anyone with old news.
import { eventKey } from "@/lib/events/event-key";
import "server-only";
import { queueEmail } from "@/lib/email/queue-email";
import { expiryReminderEmail } from "@/lib/email/templates";
import { emitEvent } from "@/lib/events/emit-event";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { NOTICE_TRANSACTION, type NoticeKind } from "./claim-notice";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Keys claimed per transaction; the sweep loops until none is left. */
const BATCH_SIZE = 200;

export type SweepResult = Record<"expiring7d" | "expiring1d" | "expired", number>;

export async function sweepExpiryNotices(now: Date, batchSize = BATCH_SIZE): Promise<SweepResult> {
  const result: SweepResult = { expiring7d: 0, expiring1d: 0, expired: 0 };
  for (;;) {
    const claimed = await getPrisma().$transaction((tx) => claimAndAnnounce(tx, now, batchSize), NOTICE_TRANSACTION);
    for (const kind of claimed) result[RESULT_FIELD[kind]]++;
    if (claimed.length < batchSize) return result;
  }
}

type ExpiryKind = Extract<NoticeKind, "key.expiring.7d" | "key.expiring.1d" | "key.expired">;
const RESULT_FIELD: Record<ExpiryKind, keyof SweepResult> = { "key.expiring.7d": "expiring7d", "key.expiring.1d": "expiring1d", "key.expired": "expired" };

/**
 * Records the notices due now that nobody has recorded yet (a concurrent
 * sweep's rows make ours conflict and be skipped), then emits and queues
 * mail for exactly those, in the same transaction.
 */
async function claimAndAnnounce(tx: Tx, now: Date, batchSize: number): Promise<ExpiryKind[]> {
  const dayAhead = new Date(now.getTime() + DAY_MS);
  const weekAhead = new Date(now.getTime() + 7 * DAY_MS);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const claimed = await tx.$queryRaw<{ subject_id: string; kind: ExpiryKind }[]>`
    WITH due AS (
      SELECT k.id, k.organization_id, to_char(k.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS period,
             CASE WHEN k.expires_at <= ${now}::timestamptz THEN 'key.expired'
                  WHEN k.expires_at <= ${dayAhead}::timestamptz THEN 'key.expiring.1d'
                  ELSE 'key.expiring.7d' END AS kind
      FROM api_keys k
      WHERE k.revoked_at IS NULL
        AND k.expires_at > ${dayAgo}::timestamptz AND k.expires_at <= ${weekAhead}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM api_keys successor WHERE successor.predecessor_id = k.id)
    )
    INSERT INTO notices (id, organization_id, kind, subject_id, period)
    SELECT gen_random_uuid(), due.organization_id, due.kind, due.id, due.period FROM due
    WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.kind = due.kind AND n.subject_id = due.id AND n.period = due.period)
    LIMIT ${batchSize}
    ON CONFLICT (kind, subject_id, period) DO NOTHING
    RETURNING subject_id, kind`;
  if (!claimed.length) return [];
  const keys = await tx.apiKey.findMany({
    where: { id: { in: claimed.map((row) => row.subject_id) } },
    select: {
      id: true,
      name: true,
      hint: true,
      environment: true,
      organizationId: true,
      expiresAt: true,
      organization: { select: { name: true } },
      createdBy: { select: { email: true, memberships: { select: { organizationId: true } } } },
    },
  });
  const byId = new Map(keys.map((key) => [key.id, key]));
  for (const { subject_id, kind } of claimed) {
    const key = byId.get(subject_id)!;
    const data = { key: eventKey(key), expiresAt: key.expiresAt!.toISOString() };
    if (kind === "key.expired") {
      await emitEvent({ type: "key.expired", organizationId: key.organizationId, data, at: now }, tx);
      continue;
    }
    const window = kind === "key.expiring.1d" ? "1d" : "7d";
    await emitEvent({ type: "key.expiring", organizationId: key.organizationId, data: { ...data, window }, at: now }, tx);
    // The owner, while still a member; a key whose owner left is the admins' to see (review: "Owner is no longer a member").
    const ownerIsMember = key.createdBy.memberships.some((membership) => membership.organizationId === key.organizationId);
    if (ownerIsMember) {
      await queueEmail(expiryReminderEmail({ to: key.createdBy.email, organizationName: key.organization.name, key, expiresAt: key.expiresAt!, window }), tx);
    }
  }
  return claimed.map((row) => row.kind);
}
