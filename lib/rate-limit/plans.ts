// Rate-limit plans. Standard and Pro are fixed here; Custom keys carry their own
// limit and window (set by an admin or the operator).
import { z } from "zod";

export const PLANS = {
  STANDARD: { label: "Standard", limit: 1_000, windowSeconds: 3_600 },
  PRO: { label: "Pro", limit: 10_000, windowSeconds: 3_600 },
} as const;

export type PlanName = "STANDARD" | "PRO" | "CUSTOM";
export type RateLimitPolicy = { limit: number; windowSeconds: number };

export const CUSTOM_WINDOWS = { "1m": 60, "1h": 3_600 } as const;
export type CustomWindow = keyof typeof CUSTOM_WINDOWS;

export const RateLimitSettingsSchema = z
  .object({
    plan: z.enum(["STANDARD", "PRO", "CUSTOM"], { error: "Choose standard, pro or custom." }),
    limit: z.number({ error: "Enter a number of requests." }).int("Enter a whole number.").min(1, "At least 1 request.").max(10_000_000, "At most 10,000,000 requests.").optional(),
    window: z.enum(["1m", "1h"], { error: "The window is 1m or 1h." }).optional(),
    monthlyQuota: z.number().int("Enter a whole number.").min(1, "At least 1 request.").nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.plan === "CUSTOM" && value.limit === undefined) ctx.addIssue({ code: "custom", path: ["limit"], message: "A custom plan needs a limit." });
    if (value.plan !== "CUSTOM" && (value.limit !== undefined || value.window !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["limit"], message: "Only a custom plan takes a limit and window." });
    }
  });
export type RateLimitSettings = z.input<typeof RateLimitSettingsSchema>;

/** The columns of api_keys that a plan setting becomes. */
export function rateLimitColumns(settings: z.output<typeof RateLimitSettingsSchema>) {
  return {
    rateLimitPlan: settings.plan,
    rateLimitMax: settings.plan === "CUSTOM" ? settings.limit! : null,
    rateLimitWindowSeconds: settings.plan === "CUSTOM" ? CUSTOM_WINDOWS[settings.window ?? "1h"] : null,
    ...(settings.monthlyQuota !== undefined ? { monthlyQuota: settings.monthlyQuota } : {}),
  };
}

export function policyOf(key: { rateLimitPlan: PlanName; rateLimitMax: number | null; rateLimitWindowSeconds: number | null }): RateLimitPolicy {
  if (key.rateLimitPlan === "CUSTOM" && key.rateLimitMax && key.rateLimitWindowSeconds) {
    return { limit: key.rateLimitMax, windowSeconds: key.rateLimitWindowSeconds };
  }
  const plan = key.rateLimitPlan === "PRO" ? PLANS.PRO : PLANS.STANDARD;
  return { limit: plan.limit, windowSeconds: plan.windowSeconds };
}

export function describePolicy(policy: RateLimitPolicy): string {
  const window = policy.windowSeconds === 60 ? "minute" : policy.windowSeconds === 3_600 ? "hour" : `${policy.windowSeconds} s`;
  return `${policy.limit.toLocaleString("en")} requests per ${window}`;
}
