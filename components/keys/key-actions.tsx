"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { revokeKeyAction, rotateKeyAction, updateKeyAction } from "@/app/(dashboard)/keys/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { formatDateTime } from "@/lib/dashboard/format";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";
import { SecretReveal } from "./secret-reveal";

export type KeyInfo = { id: string; name: string; description: string | null; canEdit: boolean; canRotate: boolean; canRevoke: boolean };

const GRACE_CHOICES = [
  { value: "immediately", label: "Immediately (the old key stops now)" },
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const;

/**
 * The key page around its server-rendered body: the header (name with inline
 * rename, badges, Rotate and Revoke) and, once a rotation succeeds, the new
 * key's show-once screen in place of the page.
 */
export function KeyWorkspace({ apiKey, badges, children }: { apiKey: KeyInfo; badges: ReactNode; children: ReactNode }) {
  const [rotation, rotate, rotating] = useActionState(rotateKeyAction, IDLE);
  if (rotation.status === "success") {
    const until = rotation.data.previousWorksUntil ? new Date(rotation.data.previousWorksUntil) : null;
    const note = until && until.getTime() > Date.now() + 1000 ? `The old key keeps working until ${formatDateTime(until)}.` : "The old key has stopped working.";
    return <SecretReveal revealed={rotation.data} title="Your rotated key is ready" note={note} />;
  }
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight break-all">{apiKey.name}</h1>
            {badges}
          </div>
          {apiKey.canEdit && <RenameKey apiKey={apiKey} />}
        </div>
        {(apiKey.canRotate || apiKey.canRevoke) && (
          <div className="flex shrink-0 flex-wrap gap-2">
            {apiKey.canRotate && <RotateKey apiKey={apiKey} action={rotate} state={rotation} pending={rotating} />}
            {apiKey.canRevoke && <RevokeKey apiKey={apiKey} />}
          </div>
        )}
      </header>
      {children}
    </div>
  );
}

/**
 * Rename in place: a disclosure under the name that opens a small form. A
 * <details> opens without JavaScript; a saved change closes it.
 */
function RenameKey({ apiKey }: { apiKey: KeyInfo }) {
  const [state, action] = useActionState(updateKeyAction, IDLE);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (state.status === "success" && details.current) details.current.open = false;
  }, [state]);
  return (
    <details ref={details} open={state.status === "error" || undefined} className="group text-sm">
      <summary className="w-fit cursor-pointer list-none text-brand hover:underline">
        <span className="group-open:hidden">Rename or change purpose</span>
        <span className="hidden group-open:inline">Close</span>
      </summary>
      <form action={action} className="mt-2 flex max-w-xl flex-col gap-3 rounded-xl border border-border bg-surface p-4" aria-label="Rename key">
        <input type="hidden" name="id" value={apiKey.id} />
        <FormMessage state={state.status === "success" ? IDLE : state} />
        <TextField label="Name" name="name" required defaultValue={sentValue(state, "name", apiKey.name)} errors={state.fieldErrors.name} />
        <TextField label="Purpose" name="description" defaultValue={sentValue(state, "description", apiKey.description ?? "")} errors={state.fieldErrors.description} />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Save changes
          </SubmitButton>
        </div>
      </form>
      {state.status === "success" && <p role="status" className="sr-only">Saved.</p>}
    </details>
  );
}

function RevokeKey({ apiKey }: { apiKey: KeyInfo }) {
  const [state, action, pending] = useActionState(revokeKeyAction, IDLE);
  return (
    <ConfirmDialog
      id="revoke-key"
      trigger="Revoke"
      title={`Revoke “${apiKey.name}”?`}
      confirm={pending ? "Revoking…" : `Revoke ${apiKey.name}`}
      danger
      action={action}
      state={state}
      pending={pending}
    >
      <input type="hidden" name="id" value={apiKey.id} />
      <p>Every request with this key will be refused at once, on every server. This cannot be undone.</p>
    </ConfirmDialog>
  );
}

function RotateKey({ apiKey, action, state, pending }: { apiKey: KeyInfo; action: (form: FormData) => void; state: Parameters<typeof ConfirmDialog>[0]["state"]; pending: boolean }) {
  return (
    <ConfirmDialog id="rotate-key" trigger="Rotate" title={`Rotate “${apiKey.name}”`} confirm={pending ? "Rotating…" : "Rotate"} action={action} state={state} pending={pending}>
      <input type="hidden" name="id" value={apiKey.id} />
      <p>You get a new key with the same settings. Deploy it, then let the old one run out.</p>
      <Field label="Keep the old key working for" hint="The grace period never runs past the old key's own expiry.">
        {(control) => (
          <Select {...control} name="grace" key={sentValue(state, "grace")} defaultValue={sentValue(state, "grace", "24h")}>
            {GRACE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </ConfirmDialog>
  );
}
