// Changing a key (revoke, rotate, rename, rate limit, credits, or creating one
// whose hash someone tried early) must reach every instance's verification
// cache. This is the one way to say so:
//
//   await keyChangeTransaction(async (tx) => { …change…; await invalidateKeys(tx, [hash]); });
//
// invalidateKeys queues a NOTIFY in the change's own transaction, so it is
// delivered only if the change commits; every instance's listener
// (key-change-listener.ts) hears it and evicts the key. The instance that made
// the change does not wait for its own notification: keyChangeTransaction
// evicts the keys as soon as the transaction commits, so the next request here
// already sees the change. The payload is the key's hash (hex), never the secret.
import "server-only";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { services } from "@/lib/runtime/services";
import { hashToHex } from "./hash-key";

export const KEY_CHANGE_CHANNEL = "keyward_api_key_changed";

/** The hashes each open key-change transaction has invalidated so far. */
const invalidatedIn = new WeakMap<Tx, Set<string>>();

/** Runs `change` in one transaction; the keys it invalidates are evicted here once it commits (and everywhere else by NOTIFY). */
export async function keyChangeTransaction<T>(change: (tx: Tx) => Promise<T>): Promise<T> {
  const hashes = new Set<string>();
  const result = await getPrisma().$transaction((tx) => {
    invalidatedIn.set(tx, hashes);
    return change(tx);
  });
  // Only if the process verifies keys at all: the CLI has no cache to empty.
  const cache = services().existing("keyVerification")?.cache;
  for (const hash of hashes) cache?.invalidate(hash);
  return result;
}

/** Says that these keys changed: every instance drops them from its verification cache once `tx` commits. */
export async function invalidateKeys(tx: Tx, hashes: Iterable<Uint8Array>) {
  const invalidated = invalidatedIn.get(tx);
  if (!invalidated) throw new Error("invalidateKeys needs the transaction of keyChangeTransaction, which evicts the keys here once it commits.");
  for (const hash of hashes) {
    const hex = hashToHex(hash);
    if (invalidated.has(hex)) continue;
    invalidated.add(hex);
    await tx.$executeRaw`SELECT pg_notify(${KEY_CHANGE_CHANNEL}, ${hex})`;
  }
}
