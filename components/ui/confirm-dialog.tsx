"use client";

import { useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

type ConfirmDialogProps = {
  trigger: string;
  title: string;
  confirm: string;
  /** A destructive action: a quiet red trigger, and the solid red button only on the confirm step. */
  danger?: boolean;
  disabled?: boolean;
  onConfirm: (close: () => void) => Promise<void>;
  children: ReactNode;
};

/** A Dialog that asks before an action: Cancel, or the confirm button (disabled while the action runs). */
export function ConfirmDialog({ trigger, title, confirm, danger = false, disabled = false, onConfirm, children }: ConfirmDialogProps) {
  const [running, setRunning] = useState(false);
  async function run(close: () => void) {
    setRunning(true);
    try {
      await onConfirm(close);
    } finally {
      setRunning(false);
    }
  }
  return (
    <Dialog trigger={trigger} triggerVariant={danger ? "danger-outline" : "secondary"} disabled={disabled} title={title}>
      {(close) => (
        <>
          {children}
          <div className="mt-2 flex flex-wrap justify-end gap-2">
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button variant={danger ? "danger" : "primary"} disabled={running} aria-busy={running || undefined} onClick={() => run(close)}>
              {confirm}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
