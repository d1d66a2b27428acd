import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { respond } from "@/lib/api/respond";
import { getPrisma } from "@/lib/db/prisma";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import { policyOf } from "@/lib/rate-limit/plans";
import { usageReport, UsageRangeSchema, UsageReportSchema } from "@/lib/usage/usage-queries";

/** GET /api/v1/usage: the key, its limits, and its usage report. */
export const KeyUsageSchema = UsageReportSchema.extend({
  key: z.object({ id: z.uuid(), hint: z.string(), name: z.string() }),
  lastUsedAt: z.iso.datetime().nullable(),
  rateLimit: z.object({
    plan: z.enum(["standard", "pro", "custom"]),
    limit: z.number().int(),
    windowSeconds: z.number().int(),
    monthlyQuota: z.number().int().nullable(),
  }),
});

/** GET /api/v1/usage?range=24h|7d|30d: the calling key's own usage (written every 2 s, so a few seconds behind). */
export const usageRoute = apiRoute({ route: "/api/v1/usage", resource: "usage" }, {
  async GET(request, { key }) {
    const range = UsageRangeSchema.safeParse(new URL(request.url).searchParams.get("range") ?? undefined);
    if (!range.success) throw new ValidationError(fieldErrorsFrom(range.error.issues.map((i) => ({ ...i, path: ["range"] }))), "The query parameters are not valid.");
    const [report, row] = await Promise.all([
      usageReport({ organizationId: key.organizationId, apiKeyId: key.id }, range.data),
      getPrisma().apiKey.findUnique({ where: { id: key.id }, select: { lastUsedAt: true } }),
    ]);
    const policy = policyOf(key);
    return respond(KeyUsageSchema, {
      key: { id: key.id, hint: key.hint, name: key.name },
      lastUsedAt: row?.lastUsedAt?.toISOString() ?? null,
      rateLimit: { plan: key.rateLimitPlan.toLowerCase() as "standard" | "pro" | "custom", limit: policy.limit, windowSeconds: policy.windowSeconds, monthlyQuota: key.monthlyQuota },
      ...report,
    });
  },
});
