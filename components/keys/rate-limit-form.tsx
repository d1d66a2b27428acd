"use client";

import { useActionState } from "react";
import { setRateLimitAction } from "@/app/(dashboard)/keys/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

type Plan = "STANDARD" | "PRO" | "CUSTOM";
type Current = { plan: Plan; limit: number | null; windowSeconds: number | null; monthlyQuota: number | null };

/**
 * Admins and owners choose a key's plan, a custom limit and window, and a
 * monthly quota. The custom fields show when "Custom" is chosen, by CSS
 * (:has), so the form works the same before JavaScript loads.
 */
export function RateLimitForm({ keyId, current }: { keyId: string; current: Current }) {
  const [state, action, pending] = useActionState(setRateLimitAction, IDLE);
  const errors = state.fieldErrors;
  const plan = sentValue(state, "plan", current.plan);
  return (
    <form action={action} aria-labelledby="limit-title" className="group flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id="limit-title" className="text-base font-semibold">
        Rate limit
      </h2>
      <input type="hidden" name="id" value={keyId} />
      <FormMessage state={state} />
      <label htmlFor={`${keyId}-plan`} className="text-sm font-medium">
        Plan
      </label>
      <select id={`${keyId}-plan`} name="plan" key={plan} defaultValue={plan} className="w-full max-w-md rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm">
        <option value="STANDARD">Standard: 1,000 requests per hour</option>
        <option value="PRO">Pro: 10,000 requests per hour</option>
        <option value="CUSTOM">Custom</option>
      </select>
      <div className="hidden flex-wrap items-start gap-3 group-has-[option[value=CUSTOM]:checked]:flex">
        <TextField label="Requests" name="limit" inputMode="numeric" defaultValue={sentValue(state, "limit", current.limit?.toString() ?? "")} errors={errors.limit} className="w-40" />
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${keyId}-window`} className="text-sm font-medium">
            Per
          </label>
          <select
            id={`${keyId}-window`}
            name="window"
            key={sentValue(state, "window")}
            defaultValue={sentValue(state, "window", current.windowSeconds === 60 ? "1m" : "1h")}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm"
          >
            <option value="1m">minute</option>
            <option value="1h">hour</option>
          </select>
        </div>
      </div>
      <TextField
        label="Monthly quota"
        name="monthlyQuota"
        inputMode="numeric"
        defaultValue={sentValue(state, "monthlyQuota", current.monthlyQuota?.toString() ?? "")}
        errors={errors.monthlyQuota}
        hint="Leave empty for no quota."
        className="max-w-xs"
      />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save rate limit"}
        </Button>
      </div>
    </form>
  );
}
