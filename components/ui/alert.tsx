import { cva } from "class-variance-authority";
import type { ReactNode } from "react";
import { cn } from "./cn";

const alertVariants = cva("rounded-md border px-3 py-2 text-sm text-foreground", {
  variants: {
    tone: {
      info: "border-info/30 bg-info-subtle",
      success: "border-success/30 bg-success-subtle",
      // A success that asks something of the user now ("copy this key: it is shown once"): amber, not the red of a failure.
      attention: "border-warning/40 bg-warning-subtle",
      error: "border-danger/30 bg-danger-subtle",
    },
  },
});

const TITLE_TONES = { info: "text-info", success: "text-success", attention: "text-warning", error: "text-danger" } as const;

export type AlertTone = keyof typeof TITLE_TONES;

/** A message about the page or the last action; an error is announced at once (role=alert), the rest politely. */
export function Alert({ tone = "info", title, children, className }: { tone?: AlertTone; title?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn(alertVariants({ tone }), className)}>
      {title && <p className={cn("mb-0.5 font-semibold", TITLE_TONES[tone])}>{title}</p>}
      {children}
    </div>
  );
}
