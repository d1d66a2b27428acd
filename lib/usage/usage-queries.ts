// Reading usage for charts and for GET /api/v1/usage: requests over time by
// status class, latency, top routes, and the busiest keys of an organization.
import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { NO_ACTING_USER } from "./usage-buffer";
import { bucketSizeFor } from "./usage-chart-scale";

/** Each range's bars are as narrow as readable (bucketSizeFor): hourly over 24 h, 6-hourly over 7 d, daily over 30 d. */
const usageRange = (label: string, spanMs: number) => ({ label, spanMs, bucketMs: bucketSizeFor(spanMs) });
export const USAGE_RANGES = {
  "24h": usageRange("24 hours", 24 * 3600_000),
  "7d": usageRange("7 days", 7 * 86_400_000),
  "30d": usageRange("30 days", 30 * 86_400_000),
} as const;
export type UsageRange = keyof typeof USAGE_RANGES;
export const UsageRangeSchema = z.enum(Object.keys(USAGE_RANGES) as [UsageRange, ...UsageRange[]], { error: "range must be 24h, 7d or 30d." }).default("24h");

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "429", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

const Counts = z.object({ "2xx": z.number().int(), "3xx": z.number().int(), "4xx": z.number().int(), "429": z.number().int(), "5xx": z.number().int() });
export const UsageReportSchema = z.object({
  range: z.enum(Object.keys(USAGE_RANGES) as [UsageRange, ...UsageRange[]]),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  total: z.number().int(),
  byStatus: Counts,
  p50LatencyMs: z.number().nullable(),
  series: z.array(Counts.extend({ start: z.iso.datetime() })),
  topRoutes: z.array(z.object({ route: z.string(), count: z.number().int() })),
  /** Requests made with tokens from token exchange, by the user they acted for (most first, at most 5). */
  actingUsers: z.array(z.object({ userId: z.uuid(), count: z.number().int() })),
});
export type UsageReport = z.output<typeof UsageReportSchema>;
export type UsagePoint = UsageReport["series"][number];

/** One key, a member's own keys (ownerId), or the whole organization. */
type Scope = { organizationId: string; apiKeyId?: string; ownerId?: string };

/** Usage of one key, or of a whole organization, over the last `range`. */
export async function usageReport(scope: Scope, range: UsageRange, now = Date.now()): Promise<UsageReport> {
  const spec = USAGE_RANGES[range];
  // Buckets are aligned to whole bucket widths (UTC), so charts do not shift as time passes.
  const to = new Date(Math.ceil(now / spec.bucketMs) * spec.bucketMs);
  const from = new Date(to.getTime() - spec.spanMs);
  const prisma = getPrisma();
  const keyFilter = scope.apiKeyId ?? null;
  const ownerFilter = scope.ownerId ?? null;

  const [buckets, median, routes, users] = await Promise.all([
    prisma.$queryRaw<{ start: Date; status_class: string; count: bigint }[]>`
      SELECT date_bin(${`${spec.bucketMs / 1000} seconds`}::interval, bucket_start, ${from}) AS start, status_class, sum(count)::bigint AS count
      FROM usage_rollups
      WHERE organization_id = ${scope.organizationId}::uuid AND (${keyFilter}::uuid IS NULL OR api_key_id = ${keyFilter}::uuid)
        AND (${ownerFilter}::uuid IS NULL OR api_key_id IN (SELECT id FROM api_keys WHERE created_by_id = ${ownerFilter}::uuid))
        AND bucket_start >= ${from} AND bucket_start < ${to}
      GROUP BY 1, 2`,
    // p50 of request durations, from each roll-up's mean weighted by its count.
    prisma.$queryRaw<{ p50: number | null }[]>`
      WITH b AS (
        SELECT total_duration_ms / count AS mean, count FROM usage_rollups
        WHERE organization_id = ${scope.organizationId}::uuid AND (${keyFilter}::uuid IS NULL OR api_key_id = ${keyFilter}::uuid)
        AND (${ownerFilter}::uuid IS NULL OR api_key_id IN (SELECT id FROM api_keys WHERE created_by_id = ${ownerFilter}::uuid))
          AND bucket_start >= ${from} AND bucket_start < ${to} AND count > 0
      ), c AS (SELECT mean, sum(count) OVER (ORDER BY mean) AS cumulative, sum(count) OVER () AS total FROM b)
      SELECT min(mean) AS p50 FROM c WHERE cumulative * 2 >= total`,
    prisma.$queryRaw<{ route: string; count: bigint }[]>`
      SELECT route, sum(count)::bigint AS count FROM usage_rollups
      WHERE organization_id = ${scope.organizationId}::uuid AND (${keyFilter}::uuid IS NULL OR api_key_id = ${keyFilter}::uuid)
        AND (${ownerFilter}::uuid IS NULL OR api_key_id IN (SELECT id FROM api_keys WHERE created_by_id = ${ownerFilter}::uuid))
        AND bucket_start >= ${from} AND bucket_start < ${to}
      GROUP BY route ORDER BY 2 DESC, 1 LIMIT 5`,
    prisma.$queryRaw<{ user_id: string; count: bigint }[]>`
      SELECT acting_user_id AS user_id, sum(count)::bigint AS count FROM usage_rollups
      WHERE organization_id = ${scope.organizationId}::uuid AND (${keyFilter}::uuid IS NULL OR api_key_id = ${keyFilter}::uuid)
        AND (${ownerFilter}::uuid IS NULL OR api_key_id IN (SELECT id FROM api_keys WHERE created_by_id = ${ownerFilter}::uuid))
        AND bucket_start >= ${from} AND bucket_start < ${to} AND acting_user_id <> ${NO_ACTING_USER}::uuid
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
  ]);

  const series: UsagePoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += spec.bucketMs) series.push(emptyPoint(new Date(t)));
  const byStatus = Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as Record<StatusClass, number>;
  for (const row of buckets) {
    const index = Math.floor((row.start.getTime() - from.getTime()) / spec.bucketMs);
    const cls = (STATUS_CLASSES as readonly string[]).includes(row.status_class) ? (row.status_class as StatusClass) : "5xx";
    const count = Number(row.count);
    if (series[index]) series[index][cls] += count;
    byStatus[cls] += count;
  }
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    range,
    from: from.toISOString(),
    to: to.toISOString(),
    total,
    byStatus,
    p50LatencyMs: median[0]?.p50 == null ? null : Math.round(Number(median[0].p50) * 10) / 10,
    series,
    topRoutes: routes.map((r) => ({ route: r.route, count: Number(r.count) })),
    actingUsers: users.map((u) => ({ userId: u.user_id, count: Number(u.count) })),
  };
}

/** Emails of the users tokens acted for, for the dashboard (members of the organization; anyone else stays an id). */
export async function actingUserEmails(organizationId: string, report: UsageReport): Promise<Record<string, string>> {
  if (!report.actingUsers.length) return {};
  const members = await getPrisma().membership.findMany({
    where: { organizationId, userId: { in: report.actingUsers.map((u) => u.userId) } },
    select: { user: { select: { id: true, email: true } } },
  });
  return Object.fromEntries(members.map((m) => [m.user.id, m.user.email]));
}

/** The organization's keys with the most requests in the range. */
export async function busiestKeys(organizationId: string, range: UsageRange, options: { ownerId?: string; limit?: number } = {}, now = Date.now()) {
  const from = new Date(now - USAGE_RANGES[range].spanMs);
  const ownerFilter = options.ownerId ?? null;
  const limit = options.limit ?? 5;
  const rows = await getPrisma().$queryRaw<{ id: string; name: string; hint: string; count: bigint }[]>`
    SELECT k.id, k.name, k.hint, sum(u.count)::bigint AS count
    FROM usage_rollups u JOIN api_keys k ON k.id = u.api_key_id
    WHERE u.organization_id = ${organizationId}::uuid AND u.bucket_start >= ${from}
      AND (${ownerFilter}::uuid IS NULL OR k.created_by_id = ${ownerFilter}::uuid)
    GROUP BY k.id, k.name, k.hint ORDER BY 4 DESC, 2 LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

function emptyPoint(start: Date): UsagePoint {
  return { start: start.toISOString(), "2xx": 0, "3xx": 0, "4xx": 0, "429": 0, "5xx": 0 };
}

/**
 * Requests a rotation chain was served since `since`, as persisted (429s
 * excluded: a refused request never consumed quota). Seeds monthly quotas.
 */
export async function lineageUsageSince(lineageId: string, since: Date): Promise<number> {
  const [row] = await getPrisma().$queryRaw<{ used: bigint | null }[]>`
    SELECT sum(r.count) AS used
    FROM usage_rollups r JOIN api_keys k ON k.id = r.api_key_id
    WHERE k.lineage_id = ${lineageId}::uuid AND r.bucket_start >= ${since} AND r.status_class <> '429'`;
  return Number(row?.used ?? 0);
}
