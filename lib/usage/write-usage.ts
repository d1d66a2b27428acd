// Writes a batch of usage roll-ups: one transaction, two statements, whatever
// the batch size. Counts are added to what other instances have written for
// the same minute, so several app instances add up exactly.
import { getPrisma } from "@/lib/db/prisma";
import type { UsageBatch } from "./usage-buffer";

export async function writeUsageBatch(batch: UsageBatch): Promise<void> {
  const { rollups, lastUsed } = batch;
  if (rollups.length === 0 && lastUsed.size === 0) return;
  const prisma = getPrisma();
  await prisma.$transaction(async (tx) => {
    if (rollups.length) {
      await tx.$executeRaw`
        INSERT INTO usage_rollups (organization_id, api_key_id, acting_user_id, granularity, bucket_start, route, status_class, count, total_duration_ms, max_duration_ms)
        SELECT u.organization_id, u.api_key_id, u.acting_user_id, 'MINUTE', u.bucket_start, u.route, u.status_class, u.count, u.total, u.max
        FROM unnest(
          ${rollups.map((r) => r.organizationId)}::uuid[],
          ${rollups.map((r) => r.apiKeyId)}::uuid[],
          ${rollups.map((r) => r.actingUserId)}::uuid[],
          ${rollups.map((r) => r.bucketStart.toISOString())}::timestamptz[],
          ${rollups.map((r) => r.route)}::text[],
          ${rollups.map((r) => r.statusClass)}::text[],
          ${rollups.map((r) => r.count)}::int[],
          ${rollups.map((r) => r.totalDurationMs)}::float8[],
          ${rollups.map((r) => r.maxDurationMs)}::float8[]
        ) AS u(organization_id, api_key_id, acting_user_id, bucket_start, route, status_class, count, total, max)
        -- A key deleted (with its organization) since the request: nothing to count against.
        WHERE EXISTS (SELECT 1 FROM api_keys k WHERE k.id = u.api_key_id)
        ON CONFLICT (api_key_id, granularity, bucket_start, route, status_class, acting_user_id) DO UPDATE SET
          count = usage_rollups.count + EXCLUDED.count,
          total_duration_ms = usage_rollups.total_duration_ms + EXCLUDED.total_duration_ms,
          max_duration_ms = GREATEST(usage_rollups.max_duration_ms, EXCLUDED.max_duration_ms)`;
    }
    if (lastUsed.size) {
      const ids = [...lastUsed.keys()];
      await tx.$executeRaw`
        UPDATE api_keys k SET last_used_at = u.at
        FROM unnest(${ids}::uuid[], ${ids.map((id) => lastUsed.get(id)!.toISOString())}::timestamptz[]) AS u(id, at)
        WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`;
    }
  });
}
