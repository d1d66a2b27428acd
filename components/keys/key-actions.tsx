"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { revokeKeyAction, rotateKeyAction, updateKeyAction } from "@/app/(dashboard)/keys/actions";
import { useActionSubmit } from "@/components/dashboard/use-action-submit";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { failureText } from "@/lib/dashboard/action-result";
import { SecretReveal, type Revealed } from "./secret-reveal";

type KeyInfo = { id: string; name: string; description: string | null; canRotate: boolean; canRevoke: boolean };

const GRACE_CHOICES = [
  { value: "immediately", label: "Immediately (the old key stops now)" },
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const;

/** Rename, rotate and revoke, for the key detail page. */
export function KeyActions({ apiKey }: { apiKey: KeyInfo }) {
  const [rotated, setRotated] = useState<(Revealed & { previousWorksUntil: string | null }) | null>(null);
  if (rotated) {
    const until = rotated.previousWorksUntil ? new Date(rotated.previousWorksUntil) : null;
    const note = until && until.getTime() > Date.now() + 1000 ? `The old key keeps working until ${until.toUTCString()}.` : "The old key has stopped working.";
    return <SecretReveal revealed={rotated} title="Your rotated key is ready" note={note} />;
  }
  return (
    <div className="flex flex-col gap-6">
      <EditDetails apiKey={apiKey} />
      {(apiKey.canRotate || apiKey.canRevoke) && (
        <section aria-labelledby="danger-title" className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
          <h2 id="danger-title" className="text-base font-semibold">
            Rotate or revoke
          </h2>
          <div className="flex flex-wrap gap-3">
            {apiKey.canRotate && <RotateDialog apiKey={apiKey} onRotated={setRotated} />}
            {apiKey.canRevoke && <RevokeDialog apiKey={apiKey} />}
          </div>
        </section>
      )}
    </div>
  );
}

function EditDetails({ apiKey }: { apiKey: KeyInfo }) {
  const [name, setName] = useState(apiKey.name);
  const [description, setDescription] = useState(apiKey.description ?? "");
  const { pending, errors, status, submit } = useActionSubmit();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(() => updateKeyAction(apiKey.id, { name, description }), "Saved.");
  }

  return (
    <form method="post" onSubmit={onSubmit} aria-labelledby="edit-title" className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id="edit-title" className="text-base font-semibold">
        Name and purpose
      </h2>
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} errors={errors.name} />
      <TextField label="Purpose" value={description} onChange={(e) => setDescription(e.target.value)} errors={errors.description} />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

function RevokeDialog({ apiKey }: { apiKey: KeyInfo }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <ConfirmDialog
      trigger="Revoke key"
      title={`Revoke “${apiKey.name}”?`}
      danger
      confirm={pending ? "Revoking…" : `Revoke ${apiKey.name}`}
      onConfirm={async (close) => {
        setPending(true);
        const result = await revokeKeyAction(apiKey.id).catch(() => null);
        setPending(false);
        if (!result?.ok) return setError(result ? failureText(result) : "Could not reach Keyward. Try again.");
        close();
        router.refresh();
      }}
    >
      <p>Every request with this key will be refused at once, on every server. This cannot be undone.</p>
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

function RotateDialog({ apiKey, onRotated }: { apiKey: KeyInfo; onRotated: (r: Revealed & { previousWorksUntil: string | null }) => void }) {
  const [grace, setGrace] = useState<(typeof GRACE_CHOICES)[number]["value"]>("24h");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <ConfirmDialog
      trigger="Rotate key"
      title={`Rotate “${apiKey.name}”`}
      confirm={pending ? "Rotating…" : "Rotate"}
      onConfirm={async (close) => {
        setPending(true);
        const result = await rotateKeyAction(apiKey.id, grace).catch(() => null);
        setPending(false);
        if (!result?.ok) return setError(result ? failureText(result) : "Could not reach Keyward. Try again.");
        close();
        onRotated(result.data);
      }}
    >
      <p>You get a new key with the same settings. Deploy it, then let the old one run out.</p>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Keep the old key working for
        <select value={grace} onChange={(e) => setGrace(e.target.value as typeof grace)} className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal">
          {GRACE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <p className="text-xs text-zinc-500">The grace period never runs past the old key&apos;s own expiry.</p>
      {error && <Alert tone="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

// Moved to components/ui; re-exported until settings and review import it from there.
export { ConfirmDialog };
