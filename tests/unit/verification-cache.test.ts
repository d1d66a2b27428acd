import { describe, expect, test } from "vitest";
import { hashApiKey, hashToHex } from "@/lib/api-keys/hash-key";
import { VerificationCache } from "@/lib/api-keys/verification-cache";

type Entry = { id: string };
const OPTIONS = { maxEntries: 3, ttlMs: 60_000, negativeTtlMs: 5_000 };

/** A cache on a clock the test moves by hand. */
function makeCache(options = OPTIONS, enabled = true) {
  const clock = { now: 1_000_000 };
  const cache = new VerificationCache<Entry>(options, () => clock.now);
  if (enabled) cache.setEnabled(true);
  return { cache, clock };
}

describe("VerificationCache while disabled", () => {
  test("starts disabled: answers undefined and stores nothing", () => {
    const { cache } = makeCache(OPTIONS, false);
    cache.set("a", { id: "1" });
    cache.set("b", null);
    expect(cache.size).toBe(0);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
  });

  test("setEnabled(false) stops serving (entries are kept for an outage only), and nothing comes back when re-enabled", () => {
    const { cache } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("b", null);
    expect(cache.size).toBe(2);

    cache.setEnabled(false);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
    cache.set("c", { id: "3" });
    expect(cache.get("c")).toBeUndefined();

    cache.setEnabled(true);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("c")).toBeUndefined();
  });

  test("re-enabling starts from empty, so a change missed while disconnected cannot be served", () => {
    const { cache } = makeCache();
    cache.set("a", { id: "old" });
    cache.setEnabled(true); // reconnect
    expect(cache.get("a")).toBeUndefined();
  });
});

describe("VerificationCache while enabled", () => {
  test("a miss is undefined; a stored key is a hit with the same value", () => {
    const { cache } = makeCache();
    expect(cache.get("a")).toBeUndefined();
    const value = { id: "1" };
    cache.set("a", value);
    expect(cache.get("a")).toBe(value);
    expect(cache.get("a")).toBe(value);
    expect(cache.get("other")).toBeUndefined();
  });

  test("an unknown key is remembered as null, which differs from not cached", () => {
    const { cache } = makeCache();
    cache.set("unknown", null);
    expect(cache.get("unknown")).toBeNull();
    expect(cache.get("never-seen")).toBeUndefined();
  });

  test("a positive entry lives ttlMs", () => {
    const { cache, clock } = makeCache();
    cache.set("a", { id: "1" });
    clock.now += OPTIONS.ttlMs - 1;
    expect(cache.get("a")).toEqual({ id: "1" });
    clock.now += 1;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0); // the expired entry is dropped
  });

  test("a negative entry lives only negativeTtlMs", () => {
    const { cache, clock } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("unknown", null);
    clock.now += OPTIONS.negativeTtlMs - 1;
    expect(cache.get("unknown")).toBeNull();
    clock.now += 1;
    expect(cache.get("unknown")).toBeUndefined();
    expect(cache.get("a")).toEqual({ id: "1" });
  });

  test("setting again refreshes the entry's TTL and value", () => {
    const { cache, clock } = makeCache();
    cache.set("a", null);
    clock.now += 4_000;
    cache.set("a", { id: "1" }); // the key was just created
    clock.now += 30_000;
    expect(cache.get("a")).toEqual({ id: "1" });
  });

  test("invalidate removes one entry, positive or negative", () => {
    const { cache } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("b", null);
    cache.set("c", { id: "3" });
    cache.invalidate("a");
    cache.invalidate("b");
    cache.invalidate("not-there");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("c")).toEqual({ id: "3" });
    expect(cache.size).toBe(1);
  });

  test("holds at most maxEntries, evicting the oldest", () => {
    const { cache } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("b", { id: "2" });
    cache.set("c", null);
    expect(cache.size).toBe(3);
    cache.set("d", { id: "4" });
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toEqual({ id: "2" });
    expect(cache.get("c")).toBeNull();
    expect(cache.get("d")).toEqual({ id: "4" });
    cache.set("e", null);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.size).toBe(3);
  });

  test("stays bounded under a flood of made-up keys", () => {
    const { cache } = makeCache({ maxEntries: 100, ttlMs: 60_000, negativeTtlMs: 5_000 });
    for (let i = 0; i < 10_000; i++) cache.set(`made-up-${i}`, null);
    expect(cache.size).toBe(100);
    expect(cache.get("made-up-9999")).toBeNull();
    expect(cache.get("made-up-0")).toBeUndefined();
  });

  // BUG: set() evicts the oldest entry whenever the map is full, even when the
  // key being set is already in it and the map would not grow.
  test("updating an entry that is already cached does not evict another one", () => {
    const { cache } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("b", { id: "2" });
    cache.set("c", { id: "3" });
    cache.set("c", { id: "3b" });
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toEqual({ id: "1" });
    expect(cache.get("c")).toEqual({ id: "3b" });
  });
});

describe("cache keys (hashApiKey / hashToHex)", () => {
  test("the hash is 32 bytes, its hex form 64 characters, and both are stable", () => {
    const hash = hashApiKey("kw_live_example", "pepper");
    expect(hash).toBeInstanceOf(Uint8Array);
    expect(hash.byteLength).toBe(32);
    expect(hashToHex(hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToHex(hashApiKey("kw_live_example", "pepper"))).toBe(hashToHex(hash));
  });

  test("the hash depends on the key and on the pepper", () => {
    const base = hashToHex(hashApiKey("kw_live_example", "pepper"));
    expect(hashToHex(hashApiKey("kw_live_examplf", "pepper"))).not.toBe(base);
    expect(hashToHex(hashApiKey("kw_live_example", "pepper2"))).not.toBe(base);
  });

  test("hashToHex reads only the view's bytes of a larger buffer", () => {
    const backing = new Uint8Array(40).fill(0xff);
    backing.set([0xde, 0xad, 0xbe, 0xef], 8);
    expect(hashToHex(backing.subarray(8, 12))).toBe("deadbeef");
  });
});

describe("VerificationCache.load: a look-up that races an invalidation", () => {
  // The race from issue 9: a look-up reads the row just before a revoke
  // commits, the revoke's invalidation lands, and then the look-up stores the
  // stale row, keeping a revoked key valid for the cache's whole TTL.
  test("a row loaded before an invalidation is returned to its caller but never stored", async () => {
    const { cache } = makeCache();
    const stale = await cache.load("a", async () => {
      cache.invalidate("a"); // the revoke commits and invalidates while the query is in flight
      return { id: "stale" };
    });
    expect(stale).toEqual({ id: "stale" });
    expect(cache.get("a")).toBeUndefined();
    const fresh = await cache.load("a", async () => ({ id: "fresh" }));
    expect(fresh).toEqual({ id: "fresh" });
    expect(cache.get("a")).toEqual({ id: "fresh" });
  });

  test("an invalidation of another key, or a restart of notifications, also discards the in-flight result", async () => {
    const { cache } = makeCache();
    await cache.load("a", async () => {
      cache.invalidate("b");
      return { id: "1" };
    });
    expect(cache.get("a")).toBeUndefined();
    await cache.load("a", async () => {
      cache.setEnabled(false);
      cache.setEnabled(true);
      return { id: "1" };
    });
    expect(cache.get("a")).toBeUndefined();
  });

  test("a cached answer is served without calling the loader", async () => {
    const { cache } = makeCache();
    await cache.load("a", async () => ({ id: "1" }));
    let calls = 0;
    expect(await cache.load("a", async () => (calls++, { id: "2" }))).toEqual({ id: "1" });
    expect(calls).toBe(0);
  });
});

describe("VerificationCache.load: concurrent misses", () => {
  test("share one call of the loader (one query, not one per request)", async () => {
    const { cache } = makeCache();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loader = async () => {
      calls++;
      await gate;
      return { id: "1" };
    };
    const answers = Promise.all(Array.from({ length: 50 }, () => cache.load("a", loader)));
    release();
    expect(await answers).toEqual(Array.from({ length: 50 }, () => ({ id: "1" })));
    expect(calls).toBe(1);
  });

  test("a failed load is shared by its waiters, and the next load tries again", async () => {
    const { cache } = makeCache();
    const failing = async () => {
      throw new Error("database down");
    };
    const results = await Promise.allSettled([cache.load("a", failing), cache.load("a", failing)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await cache.load("a", async () => ({ id: "2" }))).toEqual({ id: "2" });
  });
});

describe("VerificationCache.getStale: a database outage", () => {
  test("serves the last known answer for a bounded time after notifications stopped, never after", () => {
    const { cache, clock } = makeCache();
    cache.set("a", { id: "1" });
    cache.set("gone", null);
    clock.now += 120_000; // older than the TTL: get() would no longer serve it
    cache.setEnabled(false); // the listener lost its connection: the outage begins
    expect(cache.get("a")).toBeUndefined();
    expect(cache.getStale("a", 300_000)).toEqual({ id: "1" });
    expect(cache.getStale("gone", 300_000)).toBeNull();
    expect(cache.getStale("never-seen", 300_000)).toBeUndefined();
    clock.now += 300_001;
    expect(cache.getStale("a", 300_000)).toBeUndefined();
    // Notifications back: the cache starts empty again.
    cache.setEnabled(true);
    expect(cache.getStale("a", 300_000)).toBeUndefined();
  });
});
