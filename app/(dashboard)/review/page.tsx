import { describeAllowlist } from "@/lib/api-keys/ip-allowlist";
import type { Metadata } from "next";
import { ReviewTable } from "@/components/keys/review-table";
import { PageLinks } from "@/components/dashboard/page-links";
import { RoleRefusal } from "@/components/dashboard/role-refusal";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PillLink } from "@/components/ui/pill-link";
import { countReviewFlags, REVIEW_FLAGS, reviewApiKeys, type ReviewFlag } from "@/lib/api-keys/review";
import { LeakBanners } from "@/components/leaks/leak-notices";
import { listRecentLeakRevocations, listUnresolvedLeaks } from "@/lib/leaks/leak-notices";
import { SCOPE_PRESETS } from "@/lib/api-keys/scopes";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { formatDateTime, relativeTime } from "@/lib/dashboard/format";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Review keys" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { keyActor, membership } = await requireActingMember("/review");
  if (membership.role === "MEMBER") {
    return (
      <RoleRefusal
        title="Review keys"
        allowed="admins and owners"
        description="It lists every key of the organization, with what needs a look. Your own keys are on the Keys page."
      />
    );
  }
  const { flag, cursor } = readSearchParams(await searchParams, ["flag", "cursor"]);
  const now = Date.now();
  const active = Object.hasOwn(REVIEW_FLAGS, flag) ? (flag as ReviewFlag) : null;
  const [{ items: keys, nextCursor }, counts, flaggedLeaks, revokedLeaks] = await Promise.all([
    reviewApiKeys(keyActor, { flag: active ?? undefined, cursor, now }),
    countReviewFlags(keyActor, now),
    listUnresolvedLeaks(membership.organization.id, new Date(now)),
    listRecentLeakRevocations(membership.organization.id, new Date(now)),
  ]);

  const rows = keys.map((key) => ({
    id: key.id,
    name: key.name,
    hint: key.hint,
    environment: key.environment,
    owner: key.owner.email,
    scopes: key.preset ? SCOPE_PRESETS[key.preset].label : key.scopes.join(", "),
    lastUsed: key.lastUsedAt ? relativeTime(key.lastUsedAt, now) : "never",
    expires: key.expiresAt ? formatDateTime(key.expiresAt) : "never",
    allowedIps: describeAllowlist(key.allowedIps),
    flags: key.flags.map((f) => REVIEW_FLAGS[f]),
  }));

  return (
    <section className="flex flex-col gap-6">
      <PageHeader
        title="Review keys"
        description={`Every working key in ${membership.organization.name}, with what needs a look.`}
        action={
          <a href="/review/export" className={buttonVariants({ variant: "secondary" })} download>
            Export CSV
          </a>
        }
      />
      <LeakBanners flagged={flaggedLeaks} revoked={revokedLeaks} />
      <nav aria-label="Filter by flag">
        <ul className="flex flex-wrap gap-2">
          <li>
            <PillLink href="/review" current={!active}>
              All ({counts.all})
            </PillLink>
          </li>
          {(Object.keys(REVIEW_FLAGS) as ReviewFlag[]).map((f) => (
            <li key={f}>
              <PillLink href={`/review?flag=${f}`} current={active === f}>
                {REVIEW_FLAGS[f]} ({counts[f]})
              </PillLink>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <EmptyState title={active ? "No key has this flag." : "No working keys."} />
      ) : (
        <ReviewTable rows={rows} />
      )}
      <PageLinks path="/review" params={{ flag: active ?? "" }} cursor={cursor} nextCursor={nextCursor} />
    </section>
  );
}
