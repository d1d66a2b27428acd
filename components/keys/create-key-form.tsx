"use client";

import { useActionState, type ReactNode } from "react";
import { createKeyAction } from "@/app/(dashboard)/keys/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
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
  const [state, action, pending] = useActionState(createKeyAction, IDLE);
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

      <Fieldset legend="Environment" errors={errors.environment}>
        <Radio name="environment" value="TEST" checked={environment === "TEST"} label="Test" hint="Sees only test data. Safe for development." />
        <Radio name="environment" value="LIVE" checked={environment === "LIVE"} label="Live" hint="Sees live data." />
      </Fieldset>

      <Fieldset legend="Access" errors={scopeErrors} hint={isMember ? "As a member, you can give write access to test keys only." : undefined}>
        <Radio name="access" value="full-access" checked={access === "full-access"} label="Full access" hint="Read and write everything." />
        <Radio name="access" value="read-only" checked={access === "read-only"} label="Read only" hint="Read everything, change nothing." />
        <Radio name="access" value="custom" checked={access === "custom"} label="Custom" hint="Choose per resource." />
        <table className="mt-2 hidden w-full max-w-md text-sm group-has-[input[name=access][value=custom]:checked]:table">
          <caption className="sr-only">Custom scopes</caption>
          <thead>
            <tr className="text-left text-xs text-zinc-600 uppercase">
              <th scope="col" className="py-1">Resource</th>
              <th scope="col" className="py-1">Read</th>
              <th scope="col" className="py-1">Write</th>
            </tr>
          </thead>
          <tbody>
            {resources.map((resource) => (
              <tr key={resource.name} className="border-t border-zinc-100">
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
                        className="size-4 accent-brand-600"
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Fieldset>

      <div className="flex flex-col gap-2">
        <label htmlFor="expiry" className="text-sm font-medium">
          Expires
        </label>
        <select
          id="expiry"
          name="expiry"
          key={sentValue(state, "expiry")}
          defaultValue={sentValue(state, "expiry", expiry.defaultChoice)}
          aria-invalid={Boolean(expiryErrors?.length) || undefined}
          aria-describedby={expiryErrors?.length ? "expiry-error" : policyNote ? "expiry-hint" : undefined}
          className="w-56 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm"
        >
          {expiry.options.map((option) => (
            <option key={option.value} value={option.value} disabled={option.disabled}>
              {option.label}
              {option.disabled ? " (not allowed)" : ""}
            </option>
          ))}
        </select>
        <div className="hidden group-has-[option[value=date]:checked]:block">
          <TextField label="Expiry date" type="date" name="expiryDate" defaultValue={sentValue(state, "expiryDate")} className="w-56" />
        </div>
        <label className="hidden items-start gap-2 text-sm group-has-[option[value=never]:checked]:flex">
          <input type="checkbox" name="confirmNever" className="mt-0.5 size-4 accent-brand-600" />
          <span>I understand that a key that never expires stays valid until someone revokes it.</span>
        </label>
        {policyNote && !expiryErrors?.length && (
          <p id="expiry-hint" className="text-xs text-zinc-500">
            {policyNote}
            {anyDisabled ? " Longer choices are disabled." : ""}
          </p>
        )}
        {expiryErrors?.length ? (
          <p id="expiry-error" className="text-xs text-red-600">
            {expiryErrors.join(" ")}
          </p>
        ) : null}
      </div>

      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}

function Fieldset({ legend, errors, hint, children }: { legend: string; errors?: string[]; hint?: string; children: ReactNode }) {
  const id = legend.toLowerCase().replace(/\W+/g, "-");
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined} aria-invalid={errors?.length ? true : undefined}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {children}
      {hint && !errors?.length && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

function Radio({ name, value, label, hint, checked }: { name: string; value: string; label: string; hint: string; checked: boolean }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="radio" name={name} value={value} defaultChecked={checked} className="mt-0.5 size-4 accent-brand-600" />
      <span>
        <span className="font-medium">{label}</span> <span className="text-zinc-600">— {hint}</span>
      </span>
    </label>
  );
}
