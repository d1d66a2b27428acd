// Admin review: flags on the organization's working keys, bulk revoke, CSV.
import { describe, expect, test } from "vitest";
import { revokeApiKeys } from "@/lib/api-keys/change-api-key";
import type { ApiKeyView } from "@/lib/api-keys/key-view";
import { countReviewFlags, REVIEW_FLAGS, reviewApiKeys, reviewCsv, type ReviewFlag } from "@/lib/api-keys/review";
import { scopesBeyondRole } from "@/lib/api-keys/scopes";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { removeMember } from "@/lib/organizations/manage";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const DAY = 86_400_000;

describe("reviewApiKeys", () => {
  test("flags never used, unused for 90 days, no expiry, full access, expiring soon, and owners who left", async () => {
    const { organization, actor, user } = await createOrganizationActor("Review");
    const member = await addMember(organization.id, "MEMBER");
    const memberActor = userActor(member, organization.id, "MEMBER");
    const now = Date.now();
    const fresh = await issueKey(actor, { name: "fresh", scopes: ["resources:read"], expiresAt: new Date(now + 30 * DAY) });
    const stale = await issueKey(actor, { name: "stale", scopes: ["resources:read"], expiresAt: new Date(now + 30 * DAY) });
    await issueKey(actor, { name: "forever", scopes: ["resources:write", "usage:write"], expiresAt: null });
    await issueKey(actor, { name: "soon", scopes: ["resources:read"], expiresAt: new Date(now + 3 * DAY) });
    await issueKey(memberActor, { name: "orphan", scopes: ["resources:read"], expiresAt: new Date(now + 30 * DAY) });
    const revoked = await issueKey(actor, { name: "revoked" });
    await revokeApiKeys(actor, [revoked.apiKey.id]);
    await getPrisma().apiKey.update({ where: { id: fresh.apiKey.id }, data: { lastUsedAt: new Date(now - 60_000) } });
    await getPrisma().apiKey.update({ where: { id: stale.apiKey.id }, data: { lastUsedAt: new Date(now - 91 * DAY) } });
    await removeMember({ organizationId: organization.id, userId: user.id, email: user.email, ip: null }, member.id);

    // Two days from now, keys never used since creation count as "never used".
    const review = await reviewApiKeys(actor, { now: now + 2 * DAY });
    const flags = Object.fromEntries(review.items.map((key) => [key.name, key.flags]));
    expect(Object.keys(flags).sort()).toEqual(["forever", "fresh", "orphan", "soon", "stale"]);
    expect(flags.fresh).toEqual([]);
    expect(flags.stale).toEqual(["unused_90_days"]);
    expect(flags.forever).toEqual(["never_used", "no_expiry", "full_access"]);
    expect(flags.soon).toEqual(["never_used", "expiring_soon"]);
    expect(flags.orphan).toEqual(["never_used", "owner_left"]);
  });

  test("members may neither review nor bulk revoke", async () => {
    const { organization } = await createOrganizationActor("NoReview");
    const member = userActor(await addMember(organization.id, "MEMBER"), organization.id, "MEMBER");
    await expect(reviewApiKeys(member)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(countReviewFlags(member)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(csvOf(reviewCsv(member))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeApiKeys(member, ["00000000-0000-7000-8000-000000000000"])).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("bulk revoke revokes the organization's keys, skips revoked ones, and cannot reach another organization's", async () => {
    const { actor } = await createOrganizationActor("Bulk");
    const other = await createOrganizationActor("BulkOther");
    const a = await issueKey(actor);
    const b = await issueKey(actor);
    const theirs = await issueKey(other.actor);
    await revokeApiKeys(actor, [b.apiKey.id]);
    expect(await revokeApiKeys(actor, [a.apiKey.id, b.apiKey.id])).toEqual({ revoked: 1, skipped: 1 });
    await expect(revokeApiKeys(actor, [theirs.apiKey.id])).rejects.toMatchObject({ status: 404 });
    expect(await getPrisma().apiKey.findUnique({ where: { id: theirs.apiKey.id } })).toMatchObject({ revokedAt: null });
  });

  test("the CSV has hints, never secrets, and defuses spreadsheet formulas", async () => {
    const { actor } = await createOrganizationActor("Csv");
    const { secret } = await issueKey(actor, { name: '=HYPERLINK("evil"), "quoted"' });
    const csv = await csvOf(reviewCsv(actor));
    expect(csv.split("\r\n")[0]).toBe("id,name,hint,environment,scopes,owner,created_at,expires_at,last_used_at,status,flags");
    expect(csv).toContain(`"'=HYPERLINK(""evil""), ""quoted"""`);
    expect(csv).toContain(secret.slice(0, 12));
    expect(csv).not.toContain(secret);
    // Times in the dashboard's one format, which spreadsheets read as dates.
    expect(csv.split("\r\n")[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC,/);
  });

  test("flags, the flag filter and the counts computed in SQL agree with the flags' definitions, at every boundary", async () => {
    const { organization, actor, user } = await createOrganizationActor("Agree");
    const admin = await addMember(organization.id, "ADMIN");
    const leaver = await addMember(organization.id, "ADMIN");
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms);
    const makers = [actor, userActor(admin, organization.id, "ADMIN"), userActor(leaver, organization.id, "ADMIN")];
    // Every combination that matters: each boundary one millisecond either side.
    const cases = [
      { lastUsedAt: null, createdAt: at(-DAY + 1) },
      { lastUsedAt: null, createdAt: at(-DAY - 1) },
      { lastUsedAt: at(-90 * DAY + 1) },
      { lastUsedAt: at(-90 * DAY - 1) },
      { expiresAt: null },
      { expiresAt: at(7 * DAY) },
      { expiresAt: at(7 * DAY + 1) },
      { expiresAt: at(1) },
      { expiresAt: at(0) }, // expired at `now`: not a working key
    ];
    const scopeSets = [["resources:read"], ["resources:write", "usage:write"], ["resources:read", "tokens:exchange"]];
    let n = 0;
    for (const data of cases) {
      for (const scopes of scopeSets) {
        for (const environment of ["LIVE", "TEST"] as const) {
          const maker = makers[n++ % makers.length]!;
          const { apiKey } = await issueKey(maker, { name: `k${n}`, environment, scopes: scopes as never, expiresAt: at(30 * DAY) });
          await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: at(-60_000), ...data } });
        }
      }
    }
    // The admin becomes a member (their live write keys go beyond their role); the other admin leaves.
    await getPrisma().membership.update({ where: { organizationId_userId: { organizationId: organization.id, userId: admin.id } }, data: { role: "MEMBER" } });
    await removeMember({ organizationId: organization.id, userId: user.id, email: user.email, ip: null }, leaver.id);

    const keys = await getPrisma().apiKey.findMany({ where: { organizationId: organization.id }, include: { successor: true } });
    const roles = new Map((await getPrisma().membership.findMany({ where: { organizationId: organization.id } })).map((m) => [m.userId, m.role]));
    const working = keys.filter((key) => !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > now));
    const expected = new Map(working.map((key) => [key.id, referenceFlags({ ...key, owner: { id: key.createdById } }, roles, now)]));

    const review = await reviewApiKeys(actor, { now }, 1_000);
    expect(new Map(review.items.map((key) => [key.id, key.flags]))).toEqual(expected);
    const counts = await countReviewFlags(actor, now);
    expect(counts.all).toBe(working.length);
    for (const flag of Object.keys(REVIEW_FLAGS) as ReviewFlag[]) {
      const withFlag = [...expected].filter(([, flags]) => flags.includes(flag)).map(([id]) => id);
      expect(counts[flag], flag).toBe(withFlag.length);
      expect((await reviewApiKeys(actor, { flag, now }, 1_000)).items.map((key) => key.id).sort(), flag).toEqual(withFlag.sort());
    }
    // The set is rich enough to exercise every flag and its absence.
    for (const flag of Object.keys(REVIEW_FLAGS) as ReviewFlag[]) expect(counts[flag], flag).toBeGreaterThan(0);
  });

  test("the review pages through every working key once, and the CSV has them all", async () => {
    const { actor } = await createOrganizationActor("ReviewPages");
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await issueKey(actor, { name: `p${i}` })).apiKey.id);
    // Ties in created_at: the id breaks them.
    await getPrisma().apiKey.updateMany({ where: { id: { in: made.slice(0, 5) } }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
    await revokeApiKeys(actor, [made[6]!]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reviewApiKeys(actor, { cursor }, 2);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((key) => key.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(made.slice(0, 6).sort());
    const csv = await csvOf(reviewCsv(actor));
    expect(csv.trimEnd().split("\r\n")).toHaveLength(1 + 6);
    expect((await reviewApiKeys(actor, { cursor: "garbage" })).items).toHaveLength(6);
  });
});

async function csvOf(lines: AsyncIterable<string>): Promise<string> {
  let csv = "";
  for await (const line of lines) csv += line;
  return csv;
}

const WRITE_SCOPES = ["resources:write", "usage:write"];

/** The flags as the review defined them before they moved into SQL, applied to one key in memory. */
function referenceFlags(
  key: Pick<ApiKeyView, "lastUsedAt" | "createdAt" | "expiresAt" | "scopes" | "environment"> & { owner: { id: string } },
  memberRoles: Map<string, Role>,
  now: number,
): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (!key.lastUsedAt) {
    if (now - key.createdAt.getTime() > DAY) flags.push("never_used");
  } else if (now - key.lastUsedAt.getTime() > 90 * DAY) {
    flags.push("unused_90_days");
  }
  if (!key.expiresAt) flags.push("no_expiry");
  if (WRITE_SCOPES.every((scope) => key.scopes.includes(scope))) flags.push("full_access");
  if (key.expiresAt && key.expiresAt.getTime() - now <= 7 * DAY) flags.push("expiring_soon");
  const ownerRole = memberRoles.get(key.owner.id);
  if (!ownerRole) flags.push("owner_left");
  else if (scopesBeyondRole(ownerRole, key.environment, key.scopes).length) flags.push("beyond_owner_role");
  return flags;
}
