// Keeps api_keys.last_used_at current to the minute without making a request
// wait for a write: at most one fire-and-forget UPDATE per key per minute and
// process. (Usage metering will fold this into its batched flush.)
import { getPrisma } from "@/lib/db/prisma";

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 50_000;
const lastTouched = new Map<string, number>();

export function touchLastUsed(keyId: string, now = Date.now()) {
  const previous = lastTouched.get(keyId);
  if (previous !== undefined && now - previous < INTERVAL_MS) return;
  if (lastTouched.size >= MAX_TRACKED) lastTouched.clear();
  lastTouched.set(keyId, now);
  getPrisma()
    .$executeRaw`UPDATE api_keys SET last_used_at = ${new Date(now)} WHERE id = ${keyId}::uuid AND (last_used_at IS NULL OR last_used_at < ${new Date(now)})`
    .catch(() => lastTouched.delete(keyId)); // try again on the next request
}
