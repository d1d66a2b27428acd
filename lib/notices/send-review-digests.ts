// The weekly review digest (the notices.digest job, KEYWARD_DIGEST_CRON):
// each organization's owners and admins get what its admin review page
// (lib/api-keys/review.ts) would flag: stale keys, never used, never
// expiring, full access. Once per organization per ISO week (claim-notice.ts);
// an organization with nothing flagged gets nothing.
import "server-only";
import type { KeyActor } from "@/lib/api-keys/actor";
import { countReviewFlags, REVIEW_FLAGS, reviewApiKeys, type ReviewFlag } from "@/lib/api-keys/review";
import { queueEmail } from "@/lib/email/queue-email";
import { emailEnabled } from "@/lib/email/transport";
import { reviewDigestEmail, type DigestSection } from "@/lib/email/templates";
import { getPrisma } from "@/lib/db/prisma";
import { claimNotice, NOTICE_TRANSACTION } from "./claim-notice";

/** What the digest reports, in this order: "stale" is the review's "Unused for 90 days". */
export const DIGEST_FLAGS: readonly ReviewFlag[] = ["unused_90_days", "never_used", "no_expiry", "full_access"];
/** Keys named per section; the rest are counted ("and 12 more") and are on the review page. */
const KEYS_PER_SECTION = 10;
const ORGANIZATION_BATCH = 100;

export type DigestResult = { organizations: number; emails: number };

export async function sendReviewDigests(now: Date): Promise<DigestResult> {
  const result: DigestResult = { organizations: 0, emails: 0 };
  // The digest is email only (it has no webhook event): without SMTP_URL there is nothing to do.
  if (!emailEnabled()) return result;
  let after: string | undefined;
  for (;;) {
    const organizations = await getPrisma().organization.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: "asc" },
      take: ORGANIZATION_BATCH,
      select: { id: true, name: true },
    });
    for (const organization of organizations) {
      const emails = await sendReviewDigest(organization, now);
      if (emails !== null) {
        result.organizations++;
        result.emails += emails;
      }
    }
    if (organizations.length < ORGANIZATION_BATCH) return result;
    after = organizations.at(-1)!.id;
  }
}

/** The number of emails queued, or null when there was nothing to send or another run already sent it. */
async function sendReviewDigest(organization: { id: string; name: string }, now: Date): Promise<number | null> {
  // The digest is the system reading the review on the organization's behalf, as the operator CLI does.
  const actor: KeyActor = { type: "operator", organizationId: organization.id };
  const counts = await countReviewFlags(actor, now.getTime());
  if (DIGEST_FLAGS.every((flag) => counts[flag] === 0)) return null;
  const sections: DigestSection[] = [];
  for (const flag of DIGEST_FLAGS) {
    const keys = counts[flag] ? (await reviewApiKeys(actor, { flag, now: now.getTime() }, KEYS_PER_SECTION)).items : [];
    sections.push({ label: REVIEW_FLAGS[flag], count: counts[flag], keys });
  }
  const recipients = await getPrisma().membership.findMany({
    where: { organizationId: organization.id, role: { in: ["OWNER", "ADMIN"] } },
    select: { user: { select: { email: true } } },
  });
  const week = isoWeek(now);
  return getPrisma().$transaction(async (tx) => {
    if (!(await claimNotice(tx, { organizationId: organization.id, kind: "review.digest", subjectId: organization.id, period: week }))) return null;
    for (const { user } of recipients) await queueEmail(reviewDigestEmail({ to: user.email, organizationName: organization.name, week, sections }), tx);
    return recipients.length;
  }, NOTICE_TRANSACTION);
}

/** The ISO 8601 week of a UTC instant, e.g. "2026-W50" (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(now: Date): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
