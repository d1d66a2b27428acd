"use client";

import { useActionState } from "react";
import { setIpAllowlistAction } from "@/app/(dashboard)/keys/actions";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

/**
 * The addresses and CIDR ranges a key may be used from, one per line. Saved
 * as the server normalises them (the page shows the stored list); a refused
 * list keeps what was typed and names each bad entry.
 */
export function IpAllowlistForm({ keyId, current }: { keyId: string; current: readonly string[] }) {
  const [state, action] = useActionState(setIpAllowlistAction, IDLE);
  const text = state.status === "error" ? sentValue(state, "allowedIps") : current.join("\n");
  return (
    <Card>
      <form action={action} aria-labelledby="allowlist-title">
        <CardHeader>
          <CardTitle id="allowlist-title">Allowed IP addresses</CardTitle>
        </CardHeader>
        <CardContent>
          <input type="hidden" name="id" value={keyId} />
          <FormMessage state={state} />
          <AllowedIpsField text={text} errors={state.fieldErrors.allowedIps} />
          <div>
            <SubmitButton variant="secondary" pendingLabel="Saving…">
              Save allowed addresses
            </SubmitButton>
          </div>
        </CardContent>
      </form>
    </Card>
  );
}

/** The allowlist's textarea (this form's, and the create form's optional one). */
export function AllowedIpsField({ text, errors, label = "Addresses and ranges" }: { text: string; errors?: string[]; label?: string }) {
  return (
    <Field
      label={label}
      errors={errors}
      hint="One per line: 203.0.113.7, 203.0.113.0/24, 2001:db8::/32. Leave empty to allow any address. Requests from elsewhere get 403 ip_not_allowed."
    >
      {(control) => (
        <Textarea {...control} name="allowedIps" key={text} defaultValue={text} rows={4} spellCheck={false} autoComplete="off" className="font-mono text-xs" />
      )}
    </Field>
  );
}
