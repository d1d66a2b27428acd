"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import type { CreditState } from "@/lib/credits/manage-credits";
import { IDLE, sentValue, type FormAction } from "@/lib/dashboard/form-state";

/**
 * Admins and owners top up prepaid credits, set a monthly refill, or stop
 * metering: a key chain's (on the key's page) or the organization's (Settings).
 */
export function CreditsForm({
  action,
  holderId,
  current,
  subject,
}: {
  action: FormAction<CreditState>;
  /** The key whose chain holds the credits (none for the organization's). */
  holderId?: string;
  current: CreditState;
  subject: "key" | "organization";
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const errors = state.fieldErrors;
  const meteredText = current
    ? `${current.balance.toLocaleString("en")} left${current.monthlyRefill ? `, refilled to ${current.monthlyRefill.toLocaleString("en")} at the start of each month (UTC)` : ""}. Each request costs its route's credits; at zero ${subject === "key" ? "the key gets" : "keys without credits of their own get"} 402.`
    : subject === "key"
      ? "This key has no credits of its own: it spends the organization's, if the organization has any, else it is not metered. Add credits to give it its own; at zero it gets 402."
      : "Not metered: the organization has no credits. Add credits to meter every key that has none of its own; at zero they get 402.";
  return (
    <Card>
      <form action={formAction} aria-labelledby={`${subject}-credits-title`}>
        <CardHeader>
          <CardTitle id={`${subject}-credits-title`}>{subject === "key" ? "Credits" : "Organization credits"}</CardTitle>
        </CardHeader>
        <CardContent>
          <p className="text-sm text-muted-foreground">{meteredText}</p>
          {holderId && <input type="hidden" name="id" value={holderId} />}
          <FormMessage state={state} />
          <div className="flex flex-wrap items-end gap-3">
            <TextField label="Add credits" name="amount" inputMode="numeric" defaultValue={state.status === "error" ? sentValue(state, "amount") : ""} errors={errors.amount} className="w-40" />
            <Button type="submit" name="intent" value="add" variant="secondary" disabled={pending}>
              Add
            </Button>
          </div>
          <div className="flex flex-wrap items-end gap-3">
            <TextField
              label="Monthly refill"
              name="monthlyRefill"
              inputMode="numeric"
              defaultValue={state.status === "error" ? sentValue(state, "monthlyRefill") : (current?.monthlyRefill?.toString() ?? "")}
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
        </CardContent>
      </form>
    </Card>
  );
}
