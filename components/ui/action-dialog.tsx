"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { FormState } from "@/lib/dashboard/form-state";
import { Button, type ButtonVariant } from "./button";
import { FormMessage } from "./form-message";

/**
 * A confirmation in a modal <dialog> around a form with a server action (a
 * revoke, a rotate, a removal). It opens before JavaScript loads: the trigger
 * is an HTML invoker (`commandfor` / `command="show-modal"`), which the
 * browser handles itself; with JavaScript the click opens it too, for
 * browsers without invokers. A refusal keeps it open with the reason inside
 * (rendered open by the server when the form was posted without JavaScript);
 * a success closes it.
 */
export function ActionDialog({
  id,
  trigger,
  triggerVariant = "secondary",
  triggerDisabled = false,
  title,
  confirm,
  danger = false,
  action,
  state,
  pending,
  children,
}: {
  id: string;
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  triggerDisabled?: boolean;
  title: string;
  confirm: string;
  danger?: boolean;
  action: (form: FormData) => void;
  state: FormState<unknown>;
  pending: boolean;
  /** The explanation and the form's own fields (hidden ids, choices). Fields elsewhere join with form={`${id}-form`}. */
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.status === "success") dialog.current?.close();
  }, [state]);
  const titleId = `${id}-title`;
  return (
    <>
      <Button variant={triggerVariant} disabled={triggerDisabled} {...invoke(id, "show-modal")} onClick={() => dialog.current?.open || dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        id={id}
        aria-labelledby={titleId}
        open={state.status === "error" || undefined}
        className="fixed inset-0 z-50 m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40"
      >
        <form id={`${id}-form`} action={action} className="flex flex-col gap-3 p-5 text-sm">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
          {/* Only a refusal: a success closes the dialog, and the page says what changed. */}
          {state.status === "error" && <FormMessage state={state} />}
          <div className="mt-2 flex justify-end gap-2">
            <Button variant="ghost" {...invoke(id, "close")} onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending}>
              {confirm}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** HTML invoker attributes (not yet in React's types): the browser opens or closes the dialog itself. */
function invoke(target: string, command: "show-modal" | "close") {
  return { commandfor: target, command } as Record<string, string>;
}
