// The key lifecycle service functions (the dashboard's and the CLI's), against a real PostgreSQL.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rotateApiKey, revokeApiKey, updateApiKey } from "@/lib/api-keys/change-api-key";
import { getApiKey, listApiKeys } from "@/lib/api-keys/queries";
import { GRACE_PERIODS, type GracePeriod } from "@/lib/api-keys/schemas";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

const HOUR = 60 * 60 * 1000;
const prisma = () => getPrisma();

async function auditActions(targetId: string) {
  const events = await prisma().auditEvent.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.action);
}

let owner: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  owner = await createOrganizationActor("Ada");
});

describe("createApiKey", () => {
  test("returns the secret once and stores only its HMAC and a hint", async () => {
    const { apiKey, secret } = await issueKey(owner.actor, { name: "billing sync", description: "nightly job" });
    const row = await prisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    const expected = createHmac("sha256", process.env.KEY_PEPPER!).update(secret).digest();
    expect(Buffer.from(row.hash).equals(expected)).toBe(true);
    expect(row.hint).toBe(`${secret.slice(0, 12)}…${secret.slice(-4)}`);
    expect(JSON.stringify(row)).not.toContain(secret.slice(8, -6));
    expect(apiKey).not.toHaveProperty("hash");
    expect(apiKey).toMatchObject({ name: "billing sync", description: "nightly job", status: "active", owner: { id: owner.user.id } });
    // Asking for the key again never yields the secret.
    expect(JSON.stringify(await getApiKey(owner.actor, apiKey.id))).not.toContain(secret);
  });

  test("records who created it, from where, without the secret", async () => {
    const { apiKey, secret } = await issueKey(owner.actor);
    const [event] = await prisma().auditEvent.findMany({ where: { targetId: apiKey.id } });
    expect(event).toMatchObject({ action: "api_key.created", actorUserId: owner.user.id, ip: "198.51.100.23", organizationId: owner.organization.id });
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  test("a read-only preset stores read scopes; write implies read", async () => {
    const readOnly = await issueKey(owner.actor, { scopes: ["resources:read", "usage:read"] });
    expect(readOnly.apiKey.scopes).toEqual(["resources:read", "usage:read"]);
    expect(readOnly.apiKey.preset).toBe("read-only");
    const writer = await issueKey(owner.actor, { scopes: ["resources:write"] });
    expect(writer.apiKey.scopes).toEqual(["resources:read", "resources:write"]);
  });

  test("bad input is refused field by field and nothing is stored", async () => {
    const before = await prisma().apiKey.count();
    const error = await issueKey(owner.actor, { name: "  ", scopes: [], environment: "PROD" as "LIVE" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(["environment", "name", "scopes"]);
    expect(await prisma().apiKey.count()).toBe(before);
  });

  test("names are unique among active keys, and free again once the key is revoked", async () => {
    const first = await issueKey(owner.actor, { name: "deploy bot" });
    const clash = await issueKey(owner.actor, { name: "Deploy Bot" }).catch((e) => e);
    expect((clash as ValidationError).fields.name).toEqual([expect.stringMatching(/already has this name/)]);
    await revokeApiKey(owner.actor, first.apiKey.id);
    await expect(issueKey(owner.actor, { name: "deploy bot" })).resolves.toBeTruthy();
  });

  test("a member may not issue a live key that can write, but may issue a test one", async () => {
    const member = await addMember(owner.organization.id, "MEMBER");
    const actor = userActor(member, owner.organization.id, "MEMBER");
    const refused = await issueKey(actor, { environment: "LIVE", scopes: ["resources:write"] }).catch((e) => e);
    expect((refused as ValidationError).fields.scopes?.[0]).toMatch(/write access on test keys only/);
    await expect(issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] })).resolves.toBeTruthy();
    await expect(issueKey(actor, { environment: "TEST", scopes: ["resources:write"] })).resolves.toBeTruthy();
  });

  test("the organization's expiry policy is enforced", async () => {
    const strict = await createOrganizationActor("Strict");
    await prisma().organization.update({ where: { id: strict.organization.id }, data: { requireKeyExpiry: true, maxKeyLifetimeDays: 30 } });
    const never = await issueKey(strict.actor, { expiresAt: null }).catch((e) => e);
    expect((never as ValidationError).fields.expiresAt?.[0]).toMatch(/requires keys to expire within 30 days/);
    const tooLong = await issueKey(strict.actor, { expiresAt: new Date(Date.now() + 31 * 24 * HOUR) }).catch((e) => e);
    expect((tooLong as ValidationError).fields.expiresAt?.[0]).toMatch(/at most 30 days/);
    const past = await issueKey(strict.actor, { expiresAt: new Date(Date.now() - 1000) }).catch((e) => e);
    expect((past as ValidationError).fields.expiresAt?.[0]).toMatch(/in the future/);
    await expect(issueKey(strict.actor, { expiresAt: new Date(Date.now() + 29 * 24 * HOUR) })).resolves.toBeTruthy();
  });
});

describe("who sees which keys", () => {
  test("members see their own keys, admins and owners all of the organization's, nobody another organization's", async () => {
    const org = await createOrganizationActor("Grace");
    const member = await addMember(org.organization.id, "MEMBER");
    const admin = await addMember(org.organization.id, "ADMIN");
    const memberActor = userActor(member, org.organization.id, "MEMBER");
    const adminActor = userActor(admin, org.organization.id, "ADMIN");
    const ownersKey = await issueKey(org.actor, { name: "owner's" });
    const membersKey = await issueKey(memberActor, { name: "member's" });

    expect((await listApiKeys(memberActor)).map((k) => k.name)).toEqual(["member's"]);
    expect((await listApiKeys(adminActor)).map((k) => k.name).sort()).toEqual(["member's", "owner's"]);
    await expect(getApiKey(memberActor, ownersKey.apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    // A member cannot act on another member's key, whatever id they send.
    await expect(revokeApiKey(memberActor, ownersKey.apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotateApiKey(memberActor, ownersKey.apiKey.id, "1h")).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateApiKey(memberActor, ownersKey.apiKey.id, { name: "mine now" })).rejects.toBeInstanceOf(NotFoundError);
    // Another organization's owner cannot see or touch either.
    await expect(getApiKey(owner.actor, membersKey.apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiKey(owner.actor, membersKey.apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listApiKeys(owner.actor)).some((k) => k.organizationId !== owner.organization.id)).toBe(false);
    // Ids that are not ids are simply not found.
    await expect(getApiKey(adminActor, "../../etc")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("updateApiKey", () => {
  test("renames and re-describes, with an audit event", async () => {
    const { apiKey } = await issueKey(owner.actor, { name: "old name" });
    const updated = await updateApiKey(owner.actor, apiKey.id, { name: "new name", description: "what it is for" });
    expect(updated).toMatchObject({ name: "new name", description: "what it is for" });
    expect(await auditActions(apiKey.id)).toEqual(["api_key.created", "api_key.updated"]);
    await expect(updateApiKey(owner.actor, apiKey.id, {})).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("revokeApiKey", () => {
  test("takes effect at once, stays listed as revoked, and cannot be repeated", async () => {
    const { apiKey, secret } = await issueKey(owner.actor);
    expect((await verifyApiKey(secret)).ok).toBe(true);
    const revoked = await revokeApiKey(owner.actor, apiKey.id);
    expect(revoked).toMatchObject({ status: "revoked", revokedBy: { id: owner.user.id } });
    expect(await verifyApiKey(secret)).toEqual({ ok: false, code: "revoked_key" });
    expect((await listApiKeys(owner.actor)).find((k) => k.id === apiKey.id)?.status).toBe("revoked");
    await expect(revokeApiKey(owner.actor, apiKey.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await auditActions(apiKey.id)).toEqual(["api_key.created", "api_key.revoked"]);
  });
});

describe("rotateApiKey", () => {
  const graceCases = Object.entries(GRACE_PERIODS) as [GracePeriod, number][];

  test.each(graceCases)("grace %s: both keys work until the grace ends, then only the new one", async (grace, graceMs) => {
    const { apiKey, secret } = await issueKey(owner.actor, { expiresAt: new Date(Date.now() + 30 * 24 * HOUR) });
    const before = Date.now();
    const rotated = await rotateApiKey(owner.actor, apiKey.id, grace);
    const after = Date.now();

    expect(rotated.secret).not.toBe(secret);
    expect(rotated.apiKey).toMatchObject({ predecessorId: apiKey.id, name: apiKey.name, scopes: apiKey.scopes, environment: apiKey.environment });
    expect(rotated.previous.successorId).toBe(rotated.apiKey.id);
    const oldExpiry = rotated.previous.expiresAt!.getTime();
    expect(oldExpiry).toBeGreaterThanOrEqual(before + graceMs - 5);
    expect(oldExpiry).toBeLessThanOrEqual(after + graceMs + 5);

    expect((await verifyApiKey(rotated.secret)).ok).toBe(true);
    if (graceMs === 0) {
      expect(await verifyApiKey(secret)).toEqual({ ok: false, code: "expired_key" });
    } else {
      expect(rotated.previous.status).toBe("rotating_out");
      expect((await verifyApiKey(secret)).ok).toBe(true);
      // Just past the grace period, the old key is refused.
      expect(await verifyApiKey(secret, oldExpiry + 1)).toEqual({ ok: false, code: "expired_key" });
      expect((await verifyApiKey(rotated.secret, oldExpiry + 1)).ok).toBe(true);
    }
    // The successor lives as long as the original did.
    expect(rotated.apiKey.expiresAt!.getTime() - rotated.apiKey.createdAt.getTime()).toBeGreaterThan(29.9 * 24 * HOUR);
    expect(await auditActions(apiKey.id)).toEqual(["api_key.created", "api_key.rotated"]);
    expect(await auditActions(rotated.apiKey.id)).toEqual(["api_key.rotated_in"]);
  });

  test("the grace period never outlives the old key's own expiry", async () => {
    const expiresAt = new Date(Date.now() + 30 * 60 * 1000);
    const { apiKey } = await issueKey(owner.actor, { expiresAt });
    const rotated = await rotateApiKey(owner.actor, apiKey.id, "7d");
    expect(rotated.previous.expiresAt?.getTime()).toBe(expiresAt.getTime());
  });

  test("a key that never expires rotates into one that never expires", async () => {
    const { apiKey } = await issueKey(owner.actor, { expiresAt: null });
    const rotated = await rotateApiKey(owner.actor, apiKey.id, "1h");
    expect(rotated.apiKey.expiresAt).toBeNull();
  });

  test("revoked, expired and already-rotated keys cannot be rotated", async () => {
    const revoked = await issueKey(owner.actor);
    await revokeApiKey(owner.actor, revoked.apiKey.id);
    await expect(rotateApiKey(owner.actor, revoked.apiKey.id, "1h")).rejects.toMatchObject({ code: "key_revoked" });

    const expired = await issueKey(owner.actor);
    await prisma().apiKey.update({ where: { id: expired.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(rotateApiKey(owner.actor, expired.apiKey.id, "1h")).rejects.toMatchObject({ code: "key_expired" });

    const rotated = await issueKey(owner.actor);
    await rotateApiKey(owner.actor, rotated.apiKey.id, "24h");
    await expect(rotateApiKey(owner.actor, rotated.apiKey.id, "24h")).rejects.toMatchObject({ code: "already_rotated" });
  });

  test("two rotations at once issue exactly one successor", async () => {
    const { apiKey } = await issueKey(owner.actor);
    const results = await Promise.allSettled([rotateApiKey(owner.actor, apiKey.id, "1h"), rotateApiKey(owner.actor, apiKey.id, "1h")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await prisma().apiKey.count({ where: { predecessorId: apiKey.id } })).toBe(1);
  });

  test("an unknown grace period is refused", async () => {
    const { apiKey } = await issueKey(owner.actor);
    await expect(rotateApiKey(owner.actor, apiKey.id, "2h" as GracePeriod)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("verifyApiKey", () => {
  test("checks in order: format, look-up, revoked, expired", async () => {
    const { apiKey, secret } = await issueKey(owner.actor, { expiresAt: new Date(Date.now() + 60_000) });
    expect(await verifyApiKey("not a key")).toEqual({ ok: false, code: "invalid_key" });
    // Well-formed with a valid checksum, but never issued: looks the same as malformed.
    const { generateApiKey } = await import("@/lib/api-keys/key-format");
    expect(await verifyApiKey(generateApiKey("kw", "TEST"))).toEqual({ ok: false, code: "invalid_key" });

    const verified = await verifyApiKey(secret);
    expect(verified).toMatchObject({ ok: true, key: { id: apiKey.id, organization: { id: owner.organization.id } } });

    // Expired and revoked: revoked is reported first.
    const later = Date.now() + 61_000;
    expect(await verifyApiKey(secret, later)).toEqual({ ok: false, code: "expired_key" });
    await revokeApiKey(owner.actor, apiKey.id);
    expect(await verifyApiKey(secret, later)).toEqual({ ok: false, code: "revoked_key" });
  });

  test("a key expires on time even while it sits in the cache", async () => {
    const { secret } = await issueKey(owner.actor, { expiresAt: new Date(Date.now() + 60_000) });
    expect((await verifyApiKey(secret)).ok).toBe(true);
    expect(await verifyApiKey(secret, Date.now() + 61_000)).toEqual({ ok: false, code: "expired_key" });
  });

  test("a key whose environment word was edited is refused", async () => {
    const { secret } = await issueKey(owner.actor, { environment: "TEST" });
    expect(await verifyApiKey(secret.replace("_test_", "_live_"))).toEqual({ ok: false, code: "invalid_key" });
  });
});
