"use client";

import { useActionState } from "react";
import { createKeyAction } from "@/app/(dashboard)/keys/actions";
import { Checkbox, choiceControlClasses } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { RadioGroup } from "@/components/ui/radio-group";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { ExpiryChoice, ExpiryOption } from "@/lib/dashboard/key-form";
import { IDLE, sentValue, sentValues } from "@/lib/dashboard/form-state";
import { SecretReveal } from "./secret-reveal";

type Resource = { name: string; label: string; accesses: string[] };

/**
 * "Create a key", then its show-once screen. Parts that depend on a choice
 * (the custom scope grid, the date, the "never" confirmation) are shown by
 * CSS (:has on the form), so the form works the same before JavaScript loads.
 */
export function CreateKeyForm({
  resources,
  expiry,
  policyNote,
  isMember,
}: {
  resources: Resource[];
  expiry: { options: ExpiryOption[]; defaultChoice: ExpiryChoice };
  policyNote: string | null;
  isMember: boolean;
}) {
  const [state, action] = useActionState(createKeyAction, IDLE);
  if (state.status === "success") return <SecretReveal revealed={state.data} title="Your key is ready" />;

  const errors = state.fieldErrors;
  const scopeErrors = errors.scopes ?? errors.access ?? errors.customScopes;
  const expiryErrors = errors.expiry ?? errors.expiresAt ?? errors.expiryDate;
  const environment = sentValue(state, "environment", "TEST");
  const access = sentValue(state, "access", "full-access");
  const chosenScopes = sentValues(state, "customScopes");
  const anyDisabled = expiry.options.some((option) => option.disabled);

  return (
    <form action={action} noValidate className="group flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Create a key</h1>
      <FormMessage state={state} />

      <TextField label="Name" name="name" required defaultValue={sentValue(state, "name")} errors={errors.name} hint="Unique among your active keys, e.g. “billing-sync (prod)”." />
      <TextField label="Purpose" name="description" defaultValue={sentValue(state, "description")} errors={errors.description} hint="Optional: what uses this key, so others can tell later." />

      <RadioGroup
        legend="Environment"
        name="environment"
        defaultValue={environment}
        errors={errors.environment}
        options={[
          { value: "TEST", label: "Test", hint: "Sees only test data. Safe for development." },
          { value: "LIVE", label: "Live", hint: "Sees live data." },
        ]}
      />

      <div className="flex flex-col gap-2">
        <RadioGroup
          legend="Access"
          name="access"
          defaultValue={access}
          errors={scopeErrors}
          hint={isMember ? "As a member, you can give write access to test keys only." : undefined}
          options={[
            { value: "full-access", label: "Full access", hint: "Read and write everything." },
            { value: "read-only", label: "Read only", hint: "Read everything, change nothing." },
            { value: "custom", label: "Custom", hint: "Choose per resource." },
          ]}
        />
        <table className="hidden w-full max-w-md text-sm group-has-[input[name=access][value=custom]:checked]:table">
          <caption className="sr-only">Custom scopes</caption>
          <thead>
            <tr className="text-left text-xs text-muted-foreground uppercase">
              <th scope="col" className="py-1">
                Resource
              </th>
              <th scope="col" className="py-1">
                Read
              </th>
              <th scope="col" className="py-1">
                Write
              </th>
            </tr>
          </thead>
          <tbody>
            {resources.map((resource) => (
              <tr key={resource.name} className="border-t border-border">
                <th scope="row" className="py-2 text-left font-medium">
                  {resource.label}
                </th>
                {resource.accesses.map((accessName) => {
                  const scope = `${resource.name}:${accessName}`;
                  // Read and write are columns; an access of its own (token exchange) spans both.
                  return (
                    <td key={accessName} className="py-2" colSpan={resource.accesses.length === 1 ? 2 : undefined}>
                      <input
                        type="checkbox"
                        name="customScopes"
                        value={scope}
                        aria-label={`${resource.label} ${accessName}`}
                        defaultChecked={chosenScopes.includes(scope)}
                        className={choiceControlClasses}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="flex flex-col gap-2">
        <Field
          label="Expires"
          id="expiry"
          errors={expiryErrors}
          hint={policyNote ? `${policyNote}${anyDisabled ? " Longer choices are disabled." : ""}` : undefined}
        >
          {(control) => (
            <Select {...control} name="expiry" key={sentValue(state, "expiry")} defaultValue={sentValue(state, "expiry", expiry.defaultChoice)} width="fit">
              {expiry.options.map((option) => (
                <option key={option.value} value={option.value} disabled={option.disabled}>
                  {option.label}
                  {option.disabled ? " (not allowed)" : ""}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="hidden group-has-[option[value=date]:checked]:block">
          <TextField label="Expiry date" type="date" name="expiryDate" defaultValue={sentValue(state, "expiryDate")} className="w-56" />
        </div>
        <Checkbox
          name="confirmNever"
          label="I understand that a key that never expires stays valid until someone revokes it."
          className="hidden group-has-[option[value=never]:checked]:flex"
        />
      </div>

      <div>
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </div>
    </form>
  );
}
