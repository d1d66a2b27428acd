// Verification-cache invalidation (lib/api-keys/invalidate-keys.ts): a change
// made here is seen here at once, and reaches another instance's cache
// through LISTEN/NOTIFY; a change that rolls back reaches nobody.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { revokeApiKey, setApiKeyRateLimit } from "@/lib/api-keys/change-api-key";
import { hashApiKey, hashToHex } from "@/lib/api-keys/hash-key";
import { invalidateKeys, keyChangeTransaction } from "@/lib/api-keys/invalidate-keys";
import { KeyChangeListener } from "@/lib/api-keys/key-change-listener";
import { VerificationCache } from "@/lib/api-keys/verification-cache";
import { keyVerificationReady, verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { serverEnv } from "@/lib/env";
import { services, stopServices } from "@/lib/runtime/services";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();

/** Another instance: its own cache, and its own LISTEN connection. */
const other = new VerificationCache<string>({ maxEntries: 100, ttlMs: 60_000, negativeTtlMs: 60_000 });
const otherListener = new KeyChangeListener(db.url, other);

let owner: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  owner = await createOrganizationActor("Invalidation");
  await Promise.all([keyVerificationReady(), otherListener.start().ready]);
});
afterAll(async () => {
  await otherListener.stop();
  await stopServices();
});

const hashOf = (secret: string) => hashApiKey(secret, serverEnv().KEY_PEPPER);
const hexOf = (secret: string) => hashToHex(hashOf(secret));

describe("invalidateKeys", () => {
  test("a revoke is seen by this instance at once, though the key was warm in its cache", async () => {
    const { apiKey, secret } = await issueKey(owner.actor);
    expect((await verifyApiKey(secret)).ok).toBe(true);
    expect(services().keyVerification.cache.get(hexOf(secret))).toBeDefined(); // warm
    await revokeApiKey(owner.actor, apiKey.id);
    expect(await verifyApiKey(secret)).toEqual({ ok: false, code: "revoked_key" });
  });

  test("a change made here reaches another instance's cache", async () => {
    const { apiKey, secret } = await issueKey(owner.actor);
    other.set(hexOf(secret), "STANDARD plan");
    await setApiKeyRateLimit(owner.actor, apiKey.id, { plan: "PRO" });
    await vi.waitFor(() => expect(other.get(hexOf(secret))).toBeUndefined(), { timeout: 5_000, interval: 20 });
  });

  test("a change that rolls back reaches nobody", async () => {
    const rolledBack = await issueKey(owner.actor);
    const committed = await issueKey(owner.actor);
    other.set(hexOf(rolledBack.secret), "kept");
    other.set(hexOf(committed.secret), "dropped");
    await expect(
      keyChangeTransaction(async (tx) => {
        await invalidateKeys(tx, [hashOf(rolledBack.secret)]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await keyChangeTransaction((tx) => invalidateKeys(tx, [hashOf(committed.secret)]));
    // Notifications arrive in commit order: once the later one is here, the first would have been too.
    await vi.waitFor(() => expect(other.get(hexOf(committed.secret))).toBeUndefined(), { timeout: 5_000, interval: 20 });
    expect(other.get(hexOf(rolledBack.secret))).toBe("kept");
  });

  test("refuses a transaction that would not evict the keys here once it commits", async () => {
    const { secret } = await issueKey(owner.actor);
    await expect(services().prisma.$transaction((tx) => invalidateKeys(tx, [hashOf(secret)]))).rejects.toThrow(/keyChangeTransaction/);
  });
});
