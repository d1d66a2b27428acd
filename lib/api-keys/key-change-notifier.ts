// Tells every app process that a key changed, so their verification caches
// drop it. PostgreSQL LISTEN/NOTIFY carries the message: no extra service, and
// a NOTIFY sent inside a transaction is delivered only if it commits.
import type { Tx } from "@/lib/db/prisma";
import { hashToHex } from "./hash-key";

export const KEY_CHANGE_CHANNEL = "keyward_api_key_changed";

/** Queue the notification in the caller's transaction; the payload is the key's hash (hex), never the secret. */
export async function notifyKeyChanged(tx: Tx, hash: Uint8Array) {
  await tx.$executeRaw`SELECT pg_notify(${KEY_CHANGE_CHANNEL}, ${hashToHex(hash)})`;
}
