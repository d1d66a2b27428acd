// Retention: minute roll-ups older than 7 days are folded into hourly ones.
// Minute detail matters for recent debugging; hourly is enough for the 30-day
// charts, and costs 60× fewer rows. One statement moves the rows (DELETE …
// RETURNING feeding the INSERT), so a crash never counts a request twice.
import { getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/logging/logger";

export const MINUTE_RETENTION_DAYS = 7;
const COMPACTION_LOCK = 72707370;

/** Returns how many minute roll-ups were folded (0 if another instance is compacting right now). */
export async function compactUsage(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - MINUTE_RETENTION_DAYS * 86_400_000);
  return getPrisma().$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK}) AS locked`;
    if (!lock?.locked) return 0;
    const [result] = await tx.$queryRaw<{ moved: bigint }[]>`
      WITH moved AS (
        DELETE FROM usage_rollups WHERE granularity = 'MINUTE' AND bucket_start < ${cutoff}
        RETURNING organization_id, api_key_id, acting_user_id, bucket_start, route, status_class, count, total_duration_ms, max_duration_ms
      ), inserted AS (
        INSERT INTO usage_rollups (organization_id, api_key_id, acting_user_id, granularity, bucket_start, route, status_class, count, total_duration_ms, max_duration_ms)
        SELECT organization_id, api_key_id, acting_user_id, 'HOUR', date_trunc('hour', bucket_start), route, status_class, sum(count), sum(total_duration_ms), max(max_duration_ms)
        FROM moved GROUP BY organization_id, api_key_id, acting_user_id, date_trunc('hour', bucket_start), route, status_class
        ON CONFLICT (api_key_id, granularity, bucket_start, route, status_class, acting_user_id) DO UPDATE SET
          count = usage_rollups.count + EXCLUDED.count,
          total_duration_ms = usage_rollups.total_duration_ms + EXCLUDED.total_duration_ms,
          max_duration_ms = GREATEST(usage_rollups.max_duration_ms, EXCLUDED.max_duration_ms)
      )
      SELECT count(*)::bigint AS moved FROM moved`;
    return Number(result?.moved ?? 0);
  });
}

/** Compacts once an hour in each app process (the advisory lock lets one at a time do the work). */
export function scheduleUsageCompaction(intervalMs = 3_600_000) {
  const run = () =>
    compactUsage().catch((error: Error) => logger().warn({ err: error }, "[keyward] Usage compaction failed (will retry)"));
  setTimeout(run, 60_000).unref();
  setInterval(run, intervalMs).unref();
}
