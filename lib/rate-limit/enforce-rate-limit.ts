// Applies a verified key's rate limit and monthly quota to one /api/v1 request,
// and says which headers the response carries.
import { isDatabaseUnavailable, noteDatabaseOutage } from "@/lib/db/outage";
import { AppError } from "@/lib/errors";
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { services } from "@/lib/runtime/services";
import { logger } from "@/lib/logging/logger";
import { noticeQuotaThresholds } from "@/lib/notices/threshold-notices";
import { policyOf } from "./plans";
import type { RateLimitDecision } from "./rate-limiter";

/** X-RateLimit-* (the de-facto headers) and the IETF draft's RateLimit-Policy / RateLimit. */
export function rateLimitHeaders(decision: RateLimitDecision, now = Date.now()): Record<string, string> {
  const resetSeconds = Math.max(0, Math.ceil((decision.resetAt - now) / 1000));
  return {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(Math.ceil(decision.resetAt / 1000)),
    "RateLimit-Policy": `"key";q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `"key";r=${decision.remaining};t=${resetSeconds}`,
  };
}

/**
 * Returns the headers for the response; throws a 429 (carrying them) when the
 * key is over its limit or its monthly quota. A failing limiter never fails
 * the request: it is logged and the request goes through.
 */
export async function enforceRateLimit(key: VerifiedKey, now = Date.now()): Promise<Record<string, string>> {
  const limiter = services().rateLimiter;
  let decision: RateLimitDecision;
  try {
    decision = await limiter.consume(key.lineageId, policyOf(key), now);
  } catch (error) {
    logger().warn({ err: error }, "[keyward] Rate limiter failed; letting the request through");
    return {};
  }
  const headers = rateLimitHeaders(decision, now);
  if (!decision.allowed) {
    const retryAfter = String(Math.max(1, Math.ceil((decision.resetAt - now) / 1000)));
    throw new AppError("rate_limited", `This key is limited to ${decision.limit} requests per ${decision.windowSeconds} seconds. Retry after ${retryAfter} s.`, {}, { ...headers, "Retry-After": retryAfter });
  }
  if (key.monthlyQuota) {
    const quota = await services()
      .monthlyQuota.consume(key.lineageId, key.monthlyQuota, now)
      .catch((error: Error) => {
        // A quota cannot be seeded while PostgreSQL is away: the request goes through (said once per outage).
        if (isDatabaseUnavailable(error)) noteDatabaseOutage(error);
        else logger().warn({ err: error }, "[keyward] Quota check failed; letting the request through");
        return null;
      });
    // 80% and 100% of the quota: the one request that reaches a mark queues quota.threshold, in the background.
    if (quota) noticeQuotaThresholds(key, quota, now);
    if (quota && !quota.allowed) {
      const resetsAt = new Date(quota.resetAt).toISOString();
      throw new AppError(
        "quota_exceeded",
        `This key has used its monthly quota of ${quota.quota} requests. It resets at ${resetsAt}.`,
        { quota: quota.quota, resetsAt },
        { ...headers, "Retry-After": String(Math.ceil((quota.resetAt - now) / 1000)) },
      );
    }
  }
  return headers;
}
