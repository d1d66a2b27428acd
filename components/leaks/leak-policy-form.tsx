"use client";

import { useActionState } from "react";
import { updateLeakPolicyAction } from "@/app/(dashboard)/settings/actions";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { RadioGroup } from "@/components/ui/radio-group";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

type Choice = { value: "REVOKE" | "FLAG"; label: string; hint: string };

/** Settings → Leaked keys: what a key reported leaked (GitHub secret scanning) gets. */
export function LeakPolicyForm({ policy, choices, canEdit }: { policy: "REVOKE" | "FLAG"; choices: Choice[]; canEdit: boolean }) {
  const [state, action] = useActionState(updateLeakPolicyAction, IDLE);
  return (
    <Card aria-labelledby="leak-policy-title">
      <CardHeader className="flex-col">
        <CardTitle id="leak-policy-title">Leaked keys</CardTitle>
        <CardDescription>When GitHub reports one of your working keys in public code. Either way it is logged, a key.leaked event is sent, and the key shows the report.</CardDescription>
      </CardHeader>
      <CardContent>
        <form action={action} aria-labelledby="leak-policy-title" className="flex flex-col gap-3">
          <FormMessage state={state} />
          <RadioGroup
            // React resets a form to its defaults after each action; a new key re-applies the one just sent.
            key={sentValue(state, "leakPolicy", policy)}
            legend="A leaked key is"
            name="leakPolicy"
            defaultValue={sentValue(state, "leakPolicy", policy)}
            errors={state.fieldErrors.leakPolicy}
            options={choices.map((choice) => ({ ...choice, disabled: !canEdit }))}
          />
          {canEdit && (
            <div>
              <SubmitButton variant="secondary" pendingLabel="Saving…">
                Save
              </SubmitButton>
            </div>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
