// In-process costs of checking a key, with the app's own code:
// - verifyApiKey with a warm cache and with a forced cache miss (one database
//   look-up by the unique hash), interleaved call by call to share any drift;
// - verifyApiKey of well-formed keys that do not exist: also misses, but each
//   walks a different path of the hash index, where the same key's misses keep
//   hitting the same few (hot) index pages. They find no row, so they also skip
//   reading the key's organization: compare them across table sizes, not with
//   the same-key misses;
// - the bare HMAC + in-memory look-up against bcrypt, the naive alternative.
//
// Imported only after DATABASE_URL and the secrets are in process.env: the lib
// modules read them on first use.
import bcrypt from "bcryptjs";
import { getPrisma } from "../../lib/db/prisma";
import { hashApiKey, hashToHex } from "../../lib/api-keys/hash-key";
import { generateApiKey } from "../../lib/api-keys/key-format";
import { VerificationCache } from "../../lib/api-keys/verification-cache";
import { keyVerificationReady, verifyApiKey } from "../../lib/api-keys/verify-api-key";
import { services, stopServices } from "../../lib/runtime/services";
import { BenchFailure } from "./failure";
import { elapsedMs, summarize, type Summary } from "./stats";

export type VerifyCost = { hit: Summary; miss: Summary; unknown: Summary };

/** `checkpoint` throws once the bench is interrupted: a call after the clean-up would start a new listener. */
export async function measureVerification(secret: string, pepper: string, iterations: number, checkpoint: () => void): Promise<VerifyCost> {
  // Until the change listener is connected the cache is off, and every call would be a miss.
  await keyVerificationReady();
  const hash = hashApiKey(secret, pepper);
  // Half as many unmeasured first: on the first size this code has not run in
  // this process yet (JIT, the pool's connection), and the first size would pay for it.
  await timeWarmAndMiss(secret, hash, iterations / 2, checkpoint);
  await timeUnknownKeys(iterations / 2, checkpoint);
  const { hitMs, missMs } = await timeWarmAndMiss(secret, hash, iterations, checkpoint);
  const unknownMs = await timeUnknownKeys(iterations, checkpoint);
  const result = { hit: summarize(hitMs), miss: summarize(missMs), unknown: summarize(unknownMs) };
  // A cache that never served (listener down) would make "warm" a miss too, and the added cost look like zero.
  if (result.hit.p50 > result.miss.p50 / 2) {
    throw new BenchFailure(`warm calls (p50 ${result.hit.p50.toFixed(3)} ms) were not much faster than misses: the verification cache did not serve them.`);
  }
  return result;
}

/** Pairs of calls, warm then forced miss, so that both see the same conditions. */
async function timeWarmAndMiss(secret: string, hash: Uint8Array, pairs: number, checkpoint: () => void) {
  await expectValid(secret); // cached from here on
  const hitMs: number[] = [];
  const missMs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    checkpoint();
    hitMs.push(await timeValid(secret));
    services().keyVerification.cache.invalidate(hashToHex(hash)); // outside the timed call
    missMs.push(await timeValid(secret));
  }
  return { hitMs, missMs };
}

/** Well-formed keys that were never issued: each is looked up (and not found) once. */
async function timeUnknownKeys(count: number, checkpoint: () => void): Promise<number[]> {
  const strangers = Array.from({ length: count }, () => generateApiKey("kw", "TEST"));
  const unknownMs: number[] = [];
  for (const stranger of strangers) {
    checkpoint();
    const started = performance.now();
    const verification = await verifyApiKey(stranger);
    unknownMs.push(elapsedMs(started));
    if (verification.ok) throw new Error("a random key verified as valid");
  }
  return unknownMs;
}

async function timeValid(secret: string): Promise<number> {
  const started = performance.now();
  await expectValid(secret);
  return elapsedMs(started);
}

async function expectValid(secret: string) {
  const verification = await verifyApiKey(secret);
  if (!verification.ok) throw new Error(`the bench key did not verify: ${verification.code}`);
}

export type HashingCost = { oursMicros: number; bcrypt: { cost: number; micros: number; calls: number }[] };

/**
 * Microseconds per check: our path (HMAC-SHA256 with the pepper, hex, look-up in
 * a full VerificationCache) as the mean over many calls, since one call is too
 * short to time alone; bcryptjs compare as the median of timed calls.
 */
export async function measureHashing(
  secret: string,
  pepper: string,
  hmacCalls: number,
  bcryptCalls: Record<number, number>,
): Promise<HashingCost> {
  return { oursMicros: hmacLookupMicros(secret, pepper, hmacCalls), bcrypt: await bcryptMicros(secret, bcryptCalls) };
}

function hmacLookupMicros(secret: string, pepper: string, calls: number): number {
  const cache = new VerificationCache<{ id: number }>({ maxEntries: 10_000, ttlMs: 3_600_000, negativeTtlMs: 5_000 });
  cache.setEnabled(true);
  for (let i = 1; i < 10_000; i++) cache.set(hashToHex(hashApiKey(`other-${i}`, pepper)), { id: i });
  cache.set(hashToHex(hashApiKey(secret, pepper)), { id: 0 });

  const check = () => cache.get(hashToHex(hashApiKey(secret, pepper)));
  for (let i = 0; i < calls / 10; i++) check(); // warm-up
  let found = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) if (check()) found++;
  const micros = (elapsedMs(started) * 1000) / calls;
  if (found !== calls) throw new Error("the HMAC look-up missed its own key");
  return micros;
}

async function bcryptMicros(secret: string, callsByCost: Record<number, number>): Promise<HashingCost["bcrypt"]> {
  const results: HashingCost["bcrypt"] = [];
  for (const [cost, calls] of Object.entries(callsByCost).map(([c, n]) => [Number(c), n] as const)) {
    const digest = await bcrypt.hash(secret, cost);
    await bcrypt.compare(secret, digest); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      if (!(await bcrypt.compare(secret, digest))) throw new Error("bcrypt rejected its own hash");
      ms.push(elapsedMs(started));
    }
    results.push({ cost, micros: summarize(ms).p50 * 1000, calls });
  }
  return results;
}

/** Stops the key-change listener and closes the Prisma pool of the bench process. */
export async function closeVerification() {
  await stopServices();
  await getPrisma().$disconnect();
}
