"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { FormState } from "@/lib/dashboard/form-state";
import { Button } from "./button";
import { Dialog, DialogCancel } from "./dialog";
import { FormMessage } from "./form-message";

type ConfirmDialogProps = {
  /** Distinct per page: fields outside the dialog join its form with form={`${id}-form`}. */
  id: string;
  trigger: ReactNode;
  title: string;
  confirm: string;
  /** A destructive action: a quiet red trigger, and the solid red button only on the confirm step. */
  danger?: boolean;
  disabled?: boolean;
  /** The form's server action, from useActionState. */
  action: (form: FormData) => void;
  state: FormState<unknown>;
  pending: boolean;
  /** The explanation and the form's own fields (hidden ids, choices). */
  children: ReactNode;
};

/**
 * A Dialog that asks before a server action (a revoke, a rotate, a removal):
 * Cancel, or the confirm button, which submits the dialog's form. A refusal
 * keeps it open with the reason inside; a success closes it, and the page
 * says what changed.
 */
export function ConfirmDialog({ id, trigger, title, confirm, danger = false, disabled = false, action, state, pending, children }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.status === "success") dialog.current?.close();
  }, [state]);
  return (
    <Dialog
      id={`${id}-dialog`}
      trigger={trigger}
      triggerVariant={danger ? "danger-outline" : "secondary"}
      disabled={disabled}
      title={title}
      open={state.status === "error"}
      dialogRef={dialog}
    >
      <form id={`${id}-form`} action={action} className="flex flex-col gap-3">
        {children}
        {state.status === "error" && <FormMessage state={state} />}
        <div className="mt-2 flex flex-wrap justify-end gap-2">
          <DialogCancel dialogId={`${id}-dialog`} />
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending} aria-busy={pending || undefined}>
            {confirm}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
