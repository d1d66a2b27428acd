// The rate-limit form as the browser sends it (all text), as the service's
// settings. Empty means "none": no custom limit, no monthly quota. A value
// that is not a number reaches the service as NaN, which its schema refuses
// with the field's own message.
import { z } from "zod";
import type { RateLimitSettings } from "@/lib/rate-limit/plans";

export const RateLimitFormSchema = z.object({
  plan: z.string(),
  limit: z.string().default(""),
  window: z.string().default("1h"),
  monthlyQuota: z.string().default(""),
});

export function rateLimitSettingsFromForm(form: z.output<typeof RateLimitFormSchema>): RateLimitSettings {
  const plan = form.plan as RateLimitSettings["plan"];
  return {
    plan,
    ...(plan === "CUSTOM" ? { limit: numberOrUndefined(form.limit), window: form.window as RateLimitSettings["window"] } : {}),
    monthlyQuota: numberOrUndefined(form.monthlyQuota) ?? null,
  };
}

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}
