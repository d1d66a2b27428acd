"use client";

import { useId, useRef, type ReactNode, type RefObject } from "react";
import { Button, type ButtonVariant } from "./button";
import { cn } from "./cn";

type DialogProps = {
  /** The dialog element's id (for DialogCancel); generated when not given. */
  id?: string;
  /** The label of the button that opens the dialog. */
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  disabled?: boolean;
  title: string;
  /** Rendered open (not modal): a form in it was refused on a post without JavaScript, and shows why. */
  open?: boolean;
  /** For the caller to close it (after a success). */
  dialogRef?: RefObject<HTMLDialogElement | null>;
  children: ReactNode;
  className?: string;
};

/**
 * A modal on the native <dialog>: the browser keeps focus inside, closes it
 * on Escape, returns focus to the trigger, and announces it as a dialog named
 * by its title. It opens before JavaScript loads: the trigger is an HTML
 * invoker (commandfor / command="show-modal") that the browser handles
 * itself; once React runs, the click opens it too, for browsers without
 * invokers. A click on the backdrop closes it.
 */
export function Dialog({ id: givenId, trigger, triggerVariant = "secondary", disabled = false, title, open, dialogRef, children, className }: DialogProps) {
  const ownRef = useRef<HTMLDialogElement>(null);
  const dialog = dialogRef ?? ownRef;
  const generatedId = useId();
  const id = givenId ?? generatedId;
  return (
    <>
      <Button
        variant={triggerVariant}
        disabled={disabled}
        aria-haspopup="dialog"
        {...invoke(id, "show-modal")}
        onClick={() => dialog.current?.open || dialog.current?.showModal()}
      >
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        id={id}
        aria-labelledby={`${id}-title`}
        open={open || undefined}
        // The dialog element itself is only hit outside its content box, on the backdrop.
        onClick={(event) => event.target === event.currentTarget && dialog.current?.close()}
        className={cn(
          "fixed inset-0 z-50 m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-black/50",
          className,
        )}
      >
        <div className="flex flex-col gap-3 p-5 text-sm">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      </dialog>
    </>
  );
}

/**
 * A button that closes its dialog, with or without JavaScript. Not a submit
 * button: in a form with a server action, React would run the action.
 */
export function DialogCancel({ dialogId, children = "Cancel" }: { dialogId: string; children?: ReactNode }) {
  return (
    <Button variant="ghost" {...invoke(dialogId, "close")} onClick={(event) => event.currentTarget.closest("dialog")?.close()}>
      {children}
    </Button>
  );
}

/** HTML invoker attributes (not yet in React's types). */
function invoke(target: string, command: "show-modal" | "close") {
  return { commandfor: target, command } as Record<string, string>;
}
