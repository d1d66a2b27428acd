"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { setRateLimitAction } from "@/app/(dashboard)/keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { FieldErrors } from "@/lib/errors";

type Plan = "STANDARD" | "PRO" | "CUSTOM";
type Current = { plan: Plan; limit: number | null; windowSeconds: number | null; monthlyQuota: number | null };

/** Admins and owners choose a key's plan, a custom limit and window, and a monthly quota. */
export function RateLimitForm({ keyId, current }: { keyId: string; current: Current }) {
  const router = useRouter();
  const [plan, setPlan] = useState<Plan>(current.plan);
  const [limit, setLimit] = useState(current.limit?.toString() ?? "");
  const [window, setWindow] = useState<"1m" | "1h">(current.windowSeconds === 60 ? "1m" : "1h");
  const [quota, setQuota] = useState(current.monthlyQuota?.toString() ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await setRateLimitAction(keyId, {
      plan,
      ...(plan === "CUSTOM" ? { limit: limit.trim() === "" ? undefined : Number(limit), window } : {}),
      monthlyQuota: quota.trim() === "" ? null : Number(quota),
    }).catch(() => null);
    setPending(false);
    if (!result) return setStatus({ tone: "error", text: "Could not reach Keyward. Try again." });
    if (!result.ok) {
      setErrors(result.fieldErrors);
      return setStatus({ tone: "error", text: result.message });
    }
    setErrors({});
    setStatus({ tone: "success", text: "Rate limit saved. Every server applies it within a second." });
    router.refresh();
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
