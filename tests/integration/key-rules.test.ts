// Issue 9: the rules of creation hold for rotation and rename, and a stricter
// key policy never makes rotation impossible. Real PostgreSQL, the services
// the dashboard and CLI call.
import { describe, expect, test } from "vitest";
import { rotateApiKey, updateApiKey } from "@/lib/api-keys/change-api-key";
import { reviewApiKeys } from "@/lib/api-keys/review";
import { getPrisma } from "@/lib/db/prisma";
import { failedState } from "@/lib/dashboard/form-action";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const DAY = 86_400_000;
const LIVE_WRITE = { environment: "LIVE" as const, scopes: ["resources:read", "resources:write"] as ("resources:read" | "resources:write")[] };

async function setRole(organizationId: string, userId: string, role: "ADMIN" | "MEMBER") {
  await getPrisma().membership.update({ where: { organizationId_userId: { organizationId, userId } }, data: { role } });
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ForbiddenError);
  return error as ForbiddenError;
}

describe("rotation follows the rules of creation", () => {
  test("a demoted admin cannot rotate the live write key they made as admin, an admin cannot re-mint it for them, and review flags it", async () => {
    const { organization, actor: owner } = await createOrganizationActor("Demoted");
    const admin = await addMember(organization.id, "ADMIN");
    const key = await issueKey(userActor(admin, organization.id, "ADMIN"), { name: "prod-writer", ...LIVE_WRITE });
    await setRole(organization.id, admin.id, "MEMBER");
    const demoted = userActor(admin, organization.id, "MEMBER");

    const own = await refusal(rotateApiKey(demoted, key.apiKey.id, "1h"));
    expect(own.code).toBe("beyond_role");
    expect(own.message).toContain("resources:write");
    const byOwner = await refusal(rotateApiKey(owner, key.apiKey.id, "1h"));
    expect(byOwner.code).toBe("beyond_owner_role");
    // Nothing was minted, and the key still works as it did (it is flagged, not broken).
    expect(await getPrisma().apiKey.count({ where: { predecessorId: key.apiKey.id } })).toBe(0);
    const reviewed = (await reviewApiKeys(owner)).items.find((k) => k.id === key.apiKey.id)!;
    expect(reviewed.flags).toContain("beyond_owner_role");
    expect(reviewed.status).toBe("active");
  });

  test("a key whose owner left cannot be rotated, with the reason named", async () => {
    const { organization, actor: owner } = await createOrganizationActor("Left");
    const member = await addMember(organization.id, "MEMBER");
    const key = await issueKey(userActor(member, organization.id, "MEMBER"), { name: "leaver" });
    await getPrisma().membership.delete({ where: { organizationId_userId: { organizationId: organization.id, userId: member.id } } });
    const error = await refusal(rotateApiKey(owner, key.apiKey.id, "1h"));
    expect(error.code).toBe("owner_left");
    // What the rotate dialog shows.
    expect(failedState(error, { id: key.apiKey.id, grace: "1h" })).toMatchObject({ status: "error", message: expect.stringContaining("no longer a member") });
  });

  test("what a role may create, it may rotate: a member's test write key and live read key, an admin's live write key", async () => {
    const { organization, actor: owner } = await createOrganizationActor("Allowed");
    const member = userActor(await addMember(organization.id, "MEMBER"), organization.id, "MEMBER");
    const testWrite = await issueKey(member, { name: "t", environment: "TEST", scopes: ["resources:write"] });
    const liveRead = await issueKey(member, { name: "r", environment: "LIVE", scopes: ["resources:read"] });
    const liveWrite = await issueKey(owner, { name: "w", ...LIVE_WRITE });
    for (const [actor, id] of [[member, testWrite.apiKey.id], [member, liveRead.apiKey.id], [owner, liveWrite.apiKey.id]] as const) {
      expect((await rotateApiKey(actor, id, "1h")).secret).toMatch(/_(live|test)_/);
    }
  });
});

describe("creation follows the owner's role", () => {
  test("the operator cannot give a member a live write key; a live read key or a test write key, yes", async () => {
    const { organization } = await createOrganizationActor("OnBehalf");
    const member = await addMember(organization.id, "MEMBER");
    const operator = { type: "operator" as const, organizationId: organization.id };
    const error = await issueKey(operator, { name: "for-member", ownerId: member.id, ...LIVE_WRITE }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.scopes?.[0]).toMatch(/member.*resources:write/);
    expect(await getPrisma().apiKey.count({ where: { organizationId: organization.id } })).toBe(0);
    await issueKey(operator, { name: "member-live-read", ownerId: member.id, environment: "LIVE", scopes: ["resources:read"] });
    await issueKey(operator, { name: "member-test-write", ownerId: member.id, environment: "TEST", scopes: ["resources:write"] });
    const admin = await addMember(organization.id, "ADMIN");
    await issueKey(operator, { name: "admin-live-write", ownerId: admin.id, ...LIVE_WRITE });
  });
});

describe("names stay unique under concurrency", () => {
  test("eight concurrent creates of one name: exactly one key is made, the others are told the name is taken", async () => {
    const { actor } = await createOrganizationActor("Racing");
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => issueKey(actor, { name: "same-name" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
      expect(((r as PromiseRejectedResult).reason as ValidationError).fields.name?.[0]).toMatch(/already has this name/);
    }
    expect(await getPrisma().apiKey.count({ where: { organizationId: actor.organizationId, name: "same-name" } })).toBe(1);
  });

  test("concurrent renames onto one name, and a create racing a rename: one wins", async () => {
    const { actor } = await createOrganizationActor("RacingRename");
    const keys = await Promise.all(["a", "b", "c", "d"].map((name) => issueKey(actor, { name })));
    await Promise.allSettled([...keys.map((key) => updateApiKey(actor, key.apiKey.id, { name: "target" })), issueKey(actor, { name: "TARGET" })]);
    expect(await getPrisma().apiKey.count({ where: { organizationId: actor.organizationId, name: { equals: "target", mode: "insensitive" } } })).toBe(1);
  });
});

describe("rename keeps names unique", () => {
  test("renaming onto another active key's name is refused; a key keeps or re-cases its own name", async () => {
    const { actor } = await createOrganizationActor("Rename");
    await issueKey(actor, { name: "billing" });
    const other = await issueKey(actor, { name: "search" });
    const error = await updateApiKey(actor, other.apiKey.id, { name: "Billing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.name?.[0]).toMatch(/already has this name/);
    expect((await updateApiKey(actor, other.apiKey.id, { name: "Search" })).name).toBe("Search");
  });
});

describe("rotation under a stricter policy", () => {
  test("the successor's lifetime is capped to the organization's current maximum", async () => {
    const { organization, actor } = await createOrganizationActor("Strict");
    const key = await issueKey(actor, { name: "long", expiresAt: new Date(Date.now() + 90 * DAY) });
    await getPrisma().organization.update({ where: { id: organization.id }, data: { maxKeyLifetimeDays: 30 } });
    const rotated = await rotateApiKey(actor, key.apiKey.id, "1h");
    const lifetime = rotated.apiKey.expiresAt!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(29 * DAY);
    expect(lifetime).toBeLessThanOrEqual(31 * DAY);
  });

  test("a never-expiring key's successor gets an expiry when the policy requires one", async () => {
    const { organization, actor } = await createOrganizationActor("Required");
    const forever = await issueKey(actor, { name: "forever", expiresAt: null });
    const forever2 = await issueKey(actor, { name: "forever2", expiresAt: null });
    await getPrisma().organization.update({ where: { id: organization.id }, data: { requireKeyExpiry: true } });
    expect((await rotateApiKey(actor, forever.apiKey.id, "1h")).apiKey.expiresAt).not.toBeNull();
    await getPrisma().organization.update({ where: { id: organization.id }, data: { maxKeyLifetimeDays: 7 } });
    const capped = await rotateApiKey(actor, forever2.apiKey.id, "1h");
    expect(capped.apiKey.expiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(8 * DAY);
  });

  test("a dialog with no fields shows a refusal's real reason, not 'check the highlighted fields'", async () => {
    const rotateForm = { id: "01a21151-8c6d-7680-b35a-206dedcf53bd", grace: "1h" };
    const capped = failedState(new ValidationError({ expiresAt: ["Your organization allows keys to live at most 30 days."] }), rotateForm);
    expect(capped).toMatchObject({ message: "Your organization allows keys to live at most 30 days.", fieldErrors: {} });
    const forbidden = failedState(new ForbiddenError("beyond_role", "Your role cannot issue a live key with resources:write."), rotateForm);
    expect(forbidden.message).toBe("Your role cannot issue a live key with resources:write.");
    // A form that has the field highlights it instead.
    const named = failedState(new ValidationError({ name: ["Enter a name."] }), { name: "" });
    expect(named).toMatchObject({ message: "Check the highlighted fields.", fieldErrors: { name: ["Enter a name."] } });
  });
});
