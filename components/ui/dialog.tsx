"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { cn } from "./cn";

type DialogProps = {
  /** The label of the button that opens the dialog. */
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  disabled?: boolean;
  title: string;
  /** The dialog's body; a function gets `close`. */
  children: ReactNode | ((close: () => void) => ReactNode);
  className?: string;
};

/**
 * A modal on the native <dialog>: the browser keeps focus inside, closes it
 * on Escape, returns focus to the trigger, and announces it as a dialog named
 * by its title. A click on the backdrop closes it too.
 */
export function Dialog({ trigger, triggerVariant = "secondary", disabled = false, title, children, className }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = () => dialog.current?.close();
  return (
    <>
      <Button variant={triggerVariant} disabled={disabled} aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        // The dialog element itself is only hit outside its content box, on the backdrop.
        onClick={(event) => event.target === event.currentTarget && close()}
        className={cn(
          "m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-black/50",
          className,
        )}
      >
        <div className="flex flex-col gap-3 p-5 text-sm">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {typeof children === "function" ? children(close) : children}
        </div>
      </dialog>
    </>
  );
}
