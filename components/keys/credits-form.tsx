"use client";

import { useActionState } from "react";
import { changeCreditsAction } from "@/app/(dashboard)/keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { CreditState } from "@/lib/credits/manage-credits";

/** Admins and owners top up a key's prepaid credits, set its monthly refill, or stop metering it. */
export function CreditsForm({ keyId, current }: { keyId: string; current: CreditState }) {
  const [result, formAction, pending] = useActionState(changeCreditsAction.bind(null, keyId), null);
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <form action={formAction} aria-labelledby="credits-title" className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id="credits-title" className="text-base font-semibold">
        Credits
      </h2>
      <p className="text-sm text-zinc-600">
        {current
          ? `${current.balance.toLocaleString("en")} left${current.monthlyRefill ? `, refilled to ${current.monthlyRefill.toLocaleString("en")} at the start of each month (UTC)` : ""}. Each request costs its route's credits; at zero the key gets 402.`
          : "Not metered: this key has no credit limit. Add credits to meter it; at zero it gets 402."}
      </p>
      {result && <Alert tone={result.ok ? "success" : "error"}>{result.ok ? "Credits saved. Every server applies them at once." : result.message}</Alert>}
      <div className="flex flex-wrap items-end gap-3">
        <TextField label="Add credits" name="amount" inputMode="numeric" errors={errors.amount} className="w-40" />
        <Button type="submit" name="intent" value="add" variant="secondary" disabled={pending}>
          Add
        </Button>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          label="Monthly refill"
          name="monthlyRefill"
          inputMode="numeric"
          defaultValue={current?.monthlyRefill?.toString() ?? ""}
          errors={errors.monthlyRefill}
          hint="Leave empty for no refill."
          className="w-40"
        />
        <Button type="submit" name="intent" value="refill" variant="secondary" disabled={pending}>
          Save refill
        </Button>
      </div>
      {current && (
        <div>
          <Button type="submit" name="intent" value="unmetered" variant="secondary" disabled={pending}>
            Stop metering
          </Button>
        </div>
      )}
    </form>
  );
}
