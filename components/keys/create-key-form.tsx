"use client";

import { useState, type FormEvent } from "react";
import { createKeyAction } from "@/app/(dashboard)/keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { FieldErrors } from "@/lib/errors";
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, type CreateKeyForm as FormValues } from "@/lib/dashboard/key-form";
import { SecretReveal, type Revealed } from "./secret-reveal";

type Resource = { name: string; label: string; accesses: string[] };

const INITIAL: Required<FormValues> = {
  name: "",
  description: "",
  environment: "TEST",
  access: "full-access",
  customScopes: [],
  expiry: DEFAULT_EXPIRY,
  expiryDate: "",
  confirmNever: false,
};

export function CreateKeyForm({ resources, policyNote, isMember }: { resources: Resource[]; policyNote: string | null; isMember: boolean }) {
  const [values, setValues] = useState(INITIAL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const set = <K extends keyof FormValues>(field: K, value: Required<FormValues>[K]) => setValues((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    try {
      const result = await createKeyAction(values);
      if (result.ok) {
        setRevealed(result.data);
        return;
      }
      setErrors(result.fieldErrors);
      setMessage(result.message);
    } catch {
      setMessage("Could not reach Keyward. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  if (revealed) return <SecretReveal revealed={revealed} title="Your key is ready" />;

  const scopeErrors = errors.scopes ?? errors.access ?? errors.customScopes;
  const expiryErrors = errors.expiry ?? errors.expiresAt ?? errors.expiryDate;
  const toggleScope = (scope: string, on: boolean) =>
    set("customScopes", on ? [...values.customScopes, scope] : values.customScopes.filter((s) => s !== scope));

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Create a key</h1>
      {message && <Alert tone="error">{message}</Alert>}

      <TextField label="Name" name="name" required value={values.name} onChange={(e) => set("name", e.target.value)} errors={errors.name} hint="Unique among your active keys, e.g. “billing-sync (prod)”." />
      <TextField label="Purpose" name="description" value={values.description} onChange={(e) => set("description", e.target.value)} errors={errors.description} hint="Optional: what uses this key, so others can tell later." />

      <Fieldset legend="Environment" errors={errors.environment}>
        <Radio name="environment" checked={values.environment === "TEST"} onChange={() => set("environment", "TEST")} label="Test" hint="Sees only test data. Safe for development." />
        <Radio name="environment" checked={values.environment === "LIVE"} onChange={() => set("environment", "LIVE")} label="Live" hint="Sees live data." />
      </Fieldset>

      <Fieldset legend="Access" errors={scopeErrors} hint={isMember ? "As a member, you can give write access to test keys only." : undefined}>
        <Radio name="access" checked={values.access === "full-access"} onChange={() => set("access", "full-access")} label="Full access" hint="Read and write everything." />
        <Radio name="access" checked={values.access === "read-only"} onChange={() => set("access", "read-only")} label="Read only" hint="Read everything, change nothing." />
        <Radio name="access" checked={values.access === "custom"} onChange={() => set("access", "custom")} label="Custom" hint="Choose per resource." />
        {values.access === "custom" && (
          <table className="mt-2 w-full max-w-md text-sm">
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
                  <th scope="row" className="py-2 text-left font-medium">{resource.label}</th>
                  {resource.accesses.map((access) => {
                    const scope = `${resource.name}:${access}`;
                    // Read and write are columns; an access of its own (token exchange) spans both.
                    return (
                      <td key={access} className="py-2" colSpan={resource.accesses.length === 1 ? 2 : undefined}>
                        <input
                          type="checkbox"
                          aria-label={`${resource.label} ${access}`}
                          checked={values.customScopes.includes(scope)}
                          onChange={(e) => toggleScope(scope, e.target.checked)}
                          className="size-4 accent-brand-600"
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Fieldset>

      <div className="flex flex-col gap-2">
        <label htmlFor="expiry" className="text-sm font-medium">
          Expires
        </label>
        <select
          id="expiry"
          name="expiry"
          value={values.expiry}
          onChange={(e) => set("expiry", e.target.value as typeof values.expiry)}
          aria-invalid={Boolean(expiryErrors?.length) || undefined}
          aria-describedby={expiryErrors?.length ? "expiry-error" : policyNote ? "expiry-hint" : undefined}
          className="w-56 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm"
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {values.expiry === "date" && (
          <TextField label="Expiry date" type="date" name="expiryDate" value={values.expiryDate} onChange={(e) => set("expiryDate", e.target.value)} className="w-56" />
        )}
        {values.expiry === "never" && (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={values.confirmNever} onChange={(e) => set("confirmNever", e.target.checked)} className="mt-0.5 size-4 accent-brand-600" />
            <span>I understand that a key that never expires stays valid until someone revokes it.</span>
          </label>
        )}
        {policyNote && !expiryErrors?.length && (
          <p id="expiry-hint" className="text-xs text-zinc-500">
            {policyNote}
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

function Fieldset({ legend, errors, hint, children }: { legend: string; errors?: string[]; hint?: string; children: React.ReactNode }) {
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

function Radio({ name, label, hint, checked, onChange }: { name: string; label: string; hint: string; checked: boolean; onChange: () => void }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5 size-4 accent-brand-600" />
      <span>
        <span className="font-medium">{label}</span> <span className="text-zinc-600">— {hint}</span>
      </span>
    </label>
  );
}
