"use client";

import { useActionState } from "react";
import { setRateLimitAction } from "@/app/(dashboard)/keys/actions";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
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
  const [state, action] = useActionState(setRateLimitAction, IDLE);
  const errors = state.fieldErrors;
  const plan = sentValue(state, "plan", current.plan);
  const window = sentValue(state, "window", current.windowSeconds === 60 ? "1m" : "1h");
  return (
    <Card>
      <form action={action} aria-labelledby="limit-title" className="group">
        <CardHeader>
          <CardTitle id="limit-title">Rate limit</CardTitle>
        </CardHeader>
        <CardContent>
          <input type="hidden" name="id" value={keyId} />
          <FormMessage state={state} />
          <Field label="Plan" errors={errors.plan}>
            {(control) => (
              <Select {...control} name="plan" key={plan} defaultValue={plan}>
                <option value="STANDARD">Standard: 1,000 requests per hour</option>
                <option value="PRO">Pro: 10,000 requests per hour</option>
                <option value="CUSTOM">Custom</option>
              </Select>
            )}
          </Field>
          <div className="hidden flex-wrap items-start gap-3 group-has-[option[value=CUSTOM]:checked]:flex">
            <TextField label="Requests" name="limit" inputMode="numeric" defaultValue={sentValue(state, "limit", current.limit?.toString() ?? "")} errors={errors.limit} className="w-40" />
            <Field label="Per" errors={errors.window}>
              {(control) => (
                <Select {...control} name="window" key={window} defaultValue={window} width="fit">
                  <option value="1m">minute</option>
                  <option value="1h">hour</option>
                </Select>
              )}
            </Field>
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
            <SubmitButton variant="secondary" pendingLabel="Saving…">
              Save rate limit
            </SubmitButton>
          </div>
        </CardContent>
      </form>
    </Card>
  );
}
