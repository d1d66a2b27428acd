// The keys page's list: filtered and paginated in SQL, newest first, with a
// cursor that survives ties in created_at and shrugs off tampering.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { KeyActor } from "@/lib/api-keys/actor";
import { revokeApiKeys, rotateApiKey } from "@/lib/api-keys/change-api-key";
import { keyStatus, type ApiKeyStatus } from "@/lib/api-keys/key-view";
import { listApiKeyPage, type KeyPageOptions } from "@/lib/api-keys/queries";
import { encodeCreatedAtCursor } from "@/lib/db/pagination";
import { getPrisma } from "@/lib/db/prisma";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const DAY = 86_400_000;

afterEach(() => vi.restoreAllMocks());

/** Every page from the first, following nextCursor; the ids in the order shown. */
async function walk(actor: KeyActor, options: KeyPageOptions, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listApiKeyPage(actor, { ...options, cursor }, pageSize);
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    if (page.nextCursor) expect(page.items).toHaveLength(pageSize);
    ids.push(...page.items.map((key) => key.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe("listApiKeyPage", () => {
  test("walks every key exactly once, newest first, when many share a created_at", async () => {
    const { actor, organization } = await createOrganizationActor("Pages");
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await issueKey(actor, { name: `k${i}` })).apiKey.id);
    const tie = new Date("2026-03-01T12:00:00.000Z");
    await getPrisma().apiKey.updateMany({ where: { id: { in: ids.slice(2, 9) } }, data: { createdAt: tie } });

    const expected = (await getPrisma().apiKey.findMany({ where: { organizationId: organization.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map((k) => k.id);
    for (const pageSize of [1, 3, 4, 11, 50]) expect(await walk(actor, {}, pageSize), `page size ${pageSize}`).toEqual(expected);
  });

  test("each status filter returns exactly the keys with that status", async () => {
    const { actor } = await createOrganizationActor("Statuses");
    const now = Date.now();
    const active = await issueKey(actor, { name: "active", expiresAt: new Date(now + 30 * DAY) });
    const forever = await issueKey(actor, { name: "forever", expiresAt: null });
    const expiring = await issueKey(actor, { name: "expiring", expiresAt: new Date(now + 3 * DAY) });
    const expired = await issueKey(actor, { name: "expired" });
    await getPrisma().apiKey.update({ where: { id: expired.apiKey.id }, data: { expiresAt: new Date(now - DAY) } });
    const revoked = await issueKey(actor, { name: "revoked" });
    await revokeApiKeys(actor, [revoked.apiKey.id]);
    const rotated = await issueKey(actor, { name: "rotated" });
    const successor = (await rotateApiKey(actor, rotated.apiKey.id, "24h")).apiKey;
    // Rotated long ago: its grace period is over, and it counts as expired, not rotating out.
    const rotatedLongAgo = await issueKey(actor, { name: "rotated long ago" });
    const laterSuccessor = (await rotateApiKey(actor, rotatedLongAgo.apiKey.id, "1h")).apiKey;
    await getPrisma().apiKey.update({ where: { id: rotatedLongAgo.apiKey.id }, data: { expiresAt: new Date(now - DAY) } });

    const at = Date.now();
    const expected: Record<ApiKeyStatus, string[]> = {
      active: [active.apiKey.id, forever.apiKey.id, successor.id, laterSuccessor.id],
      expiring: [expiring.apiKey.id],
      rotating_out: [rotated.apiKey.id],
      expired: [expired.apiKey.id, rotatedLongAgo.apiKey.id],
      revoked: [revoked.apiKey.id],
    };
    expect(Object.keys(expected)).toHaveLength(5);
    const everything = (await listApiKeyPage(actor, { now: at })).items;
    for (const [status, ids] of Object.entries(expected) as [ApiKeyStatus, string[]][]) {
      const page = await listApiKeyPage(actor, { status, now: at });
      expect(page.items.map((key) => key.id).sort(), status).toEqual(ids.sort());
      expect(page.items.every((key) => key.status === status)).toBe(true);
      // The SQL condition and keyStatus() agree on every key, not only on the ones expected.
      expect(everything.filter((key) => keyStatus({ ...key, successor: key.successorId }, at) === status).map((k) => k.id).sort()).toEqual(ids.sort());
    }
  });

  test("search and environment filter in SQL, combined with the cursor", async () => {
    const { actor } = await createOrganizationActor("Filters");
    for (let i = 0; i < 5; i++) await issueKey(actor, { name: `Billing ${i}`, environment: i % 2 ? "LIVE" : "TEST", scopes: ["resources:read"] });
    await issueKey(actor, { name: "other" });
    const ids = await walk(actor, { search: "billing", environment: "TEST" }, 2);
    const names = (await getPrisma().apiKey.findMany({ where: { id: { in: ids } } })).map((k) => k.name).sort();
    expect(names).toEqual(["Billing 0", "Billing 2", "Billing 4"]);
  });

  test("a member never sees another member's keys, on any page; an admin sees them all", async () => {
    const { organization, actor: owner } = await createOrganizationActor("Visibility");
    const alice = userActor(await addMember(organization.id, "MEMBER", "alice"), organization.id, "MEMBER");
    const bob = userActor(await addMember(organization.id, "MEMBER", "bob"), organization.id, "MEMBER");
    const mine: Record<string, string[]> = { alice: [], bob: [], owner: [] };
    for (let i = 0; i < 4; i++) {
      mine.alice!.push((await issueKey(alice, { name: `alice ${i}`, scopes: ["resources:read"] })).apiKey.id);
      mine.bob!.push((await issueKey(bob, { name: `bob ${i}`, scopes: ["resources:read"] })).apiKey.id);
      mine.owner!.push((await issueKey(owner, { name: `owner ${i}` })).apiKey.id);
    }
    expect((await walk(alice, {}, 3)).sort()).toEqual(mine.alice!.sort());
    expect((await walk(bob, {}, 1)).sort()).toEqual(mine.bob!.sort());
    expect((await walk(owner, {}, 5)).sort()).toEqual([...mine.alice!, ...mine.bob!, ...mine.owner!].sort());
    // A cursor taken from the admin's list does not widen a member's.
    const ownersCursor = (await listApiKeyPage(owner, {}, 2)).nextCursor!;
    const page = await listApiKeyPage(alice, { cursor: ownersCursor }, 50);
    expect(page.items.every((key) => mine.alice!.includes(key.id))).toBe(true);
  });

  test("a cursor that is not ours reads as the first page", async () => {
    const { actor } = await createOrganizationActor("Cursor");
    for (let i = 0; i < 3; i++) await issueKey(actor, { name: `c${i}` });
    const first = (await listApiKeyPage(actor, {}, 2)).items.map((k) => k.id);
    const bad = [
      "garbage",
      "%00",
      "x".repeat(5_000),
      Buffer.from("not-a-date_00000000-0000-7000-8000-000000000000").toString("base64url"),
      Buffer.from("2026-01-01T00:00:00.000Z_not-a-uuid").toString("base64url"),
      Buffer.from("2026-01-01T00:00:00.000Z_00000000-0000-7000-8000-000000000000_extra").toString("base64url"),
      Buffer.from("275760-09-13T00:00:00.001Z_00000000-0000-7000-8000-000000000000").toString("base64url"),
      Buffer.from("'; DROP TABLE api_keys; --").toString("base64url"),
    ];
    for (const cursor of bad) expect((await listApiKeyPage(actor, { cursor }, 2)).items.map((k) => k.id), cursor.slice(0, 40)).toEqual(first);
    // A well-formed cursor past the end is an empty page, not an error.
    const pastTheEnd = encodeCreatedAtCursor({ createdAt: new Date("2000-01-01T00:00:00Z"), id: "00000000-0000-7000-8000-000000000000" });
    expect(await listApiKeyPage(actor, { cursor: pastTheEnd }, 2)).toEqual({ items: [], nextCursor: null });
  });

  test("a page reads page size + 1 rows from the database, however many keys there are", async () => {
    const { actor, organization } = await createOrganizationActor("Bounded");
    const { apiKey } = await issueKey(actor, { name: "template" });
    // 300 more keys in one statement (their hashes are never checked here).
    await getPrisma().$executeRaw`
      INSERT INTO api_keys (id, lineage_id, organization_id, created_by_id, name, environment, hash, hint, scopes, updated_at)
      SELECT gen_random_uuid(), gen_random_uuid(), ${organization.id}::uuid, ${apiKey.owner.id}::uuid, 'filler ' || n, 'TEST',
             decode(md5(random()::text) || md5(random()::text), 'hex'), 'hint', '{}', now()
      FROM generate_series(1, 300) AS n`;
    const findMany = vi.spyOn(getPrisma().apiKey, "findMany");
    const page = await listApiKeyPage(actor, {}, 20);
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    expect(findMany).toHaveBeenCalledTimes(1);
    expect(findMany.mock.calls[0]![0]).toMatchObject({ take: 21 });
    expect(await findMany.mock.results[0]!.value).toHaveLength(21);
  });
});
