"use client";

import { useState, type FormEvent } from "react";
import { setRateLimitAction } from "@/app/(dashboard)/keys/actions";
import { useActionSubmit } from "@/components/dashboard/use-action-submit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

type Plan = "STANDARD" | "PRO" | "CUSTOM";
type Current = { plan: Plan; limit: number | null; windowSeconds: number | null; monthlyQuota: number | null };

/** Admins and owners choose a key's plan, a custom limit and window, and a monthly quota. */
export function RateLimitForm({ keyId, current }: { keyId: string; current: Current }) {
  const [plan, setPlan] = useState<Plan>(current.plan);
  const [limit, setLimit] = useState(current.limit?.toString() ?? "");
  const [window, setWindow] = useState<"1m" | "1h">(current.windowSeconds === 60 ? "1m" : "1h");
  const [quota, setQuota] = useState(current.monthlyQuota?.toString() ?? "");
  const { pending, errors, status, submit } = useActionSubmit();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const settings = {
      plan,
      ...(plan === "CUSTOM" ? { limit: limit.trim() === "" ? undefined : Number(limit), window } : {}),
      monthlyQuota: quota.trim() === "" ? null : Number(quota),
    };
    void submit(() => setRateLimitAction(keyId, settings), "Rate limit saved. Every server applies it within a second.");
  }

  return (
    <form method="post" onSubmit={onSubmit} aria-labelledby="limit-title" className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id="limit-title" className="text-base font-semibold">
        Rate limit
      </h2>
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
      <label htmlFor={`${keyId}-plan`} className="text-sm font-medium">
        Plan
      </label>
      <select id={`${keyId}-plan`} value={plan} onChange={(e) => setPlan(e.target.value as Plan)} className="w-72 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm">
          <option value="STANDARD">Standard — 1,000 requests per hour</option>
          <option value="PRO">Pro — 10,000 requests per hour</option>
          <option value="CUSTOM">Custom</option>
      </select>
      {plan === "CUSTOM" && (
        <div className="flex flex-wrap items-start gap-3">
          <TextField label="Requests" inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} errors={errors.limit} className="w-40" />
          <div className="flex flex-col gap-1.5">
            <label htmlFor={`${keyId}-window`} className="text-sm font-medium">
              Per
            </label>
            <select id={`${keyId}-window`} value={window} onChange={(e) => setWindow(e.target.value as "1m" | "1h")} className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm">
              <option value="1m">minute</option>
              <option value="1h">hour</option>
            </select>
          </div>
        </div>
      )}
      <TextField label="Monthly quota" inputMode="numeric" value={quota} onChange={(e) => setQuota(e.target.value)} errors={errors.monthlyQuota} hint="Leave empty for no quota." className="max-w-xs" />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save rate limit"}
        </Button>
      </div>
    </form>
  );
}
