// Admin review: flags on the organization's working keys, bulk revoke, CSV.
import { describe, expect, test } from "vitest";
import { revokeApiKeys } from "@/lib/api-keys/change-api-key";
import { reviewApiKeys, reviewToCsv } from "@/lib/api-keys/review";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError } from "@/lib/errors";
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
    const review = await reviewApiKeys(actor, now + 2 * DAY);
    const flags = Object.fromEntries(review.map((key) => [key.name, key.flags]));
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
    const csv = reviewToCsv(await reviewApiKeys(actor));
    expect(csv.split("\r\n")[0]).toBe("id,name,hint,environment,scopes,owner,created_at,expires_at,last_used_at,status,flags");
    expect(csv).toContain(`"'=HYPERLINK(""evil""), ""quoted"""`);
    expect(csv).toContain(secret.slice(0, 12));
    expect(csv).not.toContain(secret);
    // Times in the dashboard's one format, which spreadsheets read as dates.
    expect(csv.split("\r\n")[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC,/);
  });
});
