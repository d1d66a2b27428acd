// "Once" for every notice (reminders, digests, threshold events): a notice is
// a row of `notices`, unique per (kind, subject, period). Whoever inserts the
// row acts on it, in the same transaction as the event and the email, so two
// instances (or a crash and a restart) can neither both send it nor lose it:
// the second insert waits for the first transaction and then finds the row.
import "server-only";
import type { Tx } from "@/lib/db/prisma";

export type NoticeKind =
  | "key.expiring.7d"
  | "key.expiring.1d"
  | "key.expired"
  | "review.digest"
  | "quota.threshold.80"
  | "quota.threshold.100"
  | "credits.low";

export type Notice = { organizationId: string; kind: NoticeKind; subjectId: string; period?: string };

/** True when this transaction recorded the notice (so it is the one to act on it). */
export async function claimNotice(tx: Tx, notice: Notice): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    INSERT INTO notices (id, organization_id, kind, subject_id, period)
    VALUES (gen_random_uuid(), ${notice.organizationId}::uuid, ${notice.kind}, ${notice.subjectId}::uuid, ${notice.period ?? ""})
    ON CONFLICT (kind, subject_id, period) DO NOTHING
    RETURNING id`;
  return rows.length === 1;
}

/** Forgets a notice so that it can happen again (credits topped up re-arm credits.low). */
export async function releaseNotice(tx: Tx, notice: Pick<Notice, "kind" | "subjectId">): Promise<void> {
  await tx.notice.deleteMany({ where: { kind: notice.kind, subjectId: notice.subjectId } });
}

/** An interactive transaction long enough for a sweep's batch on a busy machine (Prisma's default is 5 s). */
export const NOTICE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;
