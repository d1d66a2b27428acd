import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

/** A native checkbox with its label (and an optional hint) beside it; the whole label is the click target. */
export function Checkbox({ label, hint, className, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; hint?: ReactNode }) {
  return <Choice control={<input type="checkbox" className={choiceControlClasses} {...input} />} label={label} hint={hint} className={className} />;
}

export const choiceControlClasses = "mt-0.5 size-4 shrink-0 accent-brand";

/** A checkbox or radio with its label and hint, as Checkbox and RadioGroup lay them out. */
export function Choice({ control, label, hint, className }: { control: ReactNode; label: ReactNode; hint?: ReactNode; className?: string }) {
  return (
    <label className={cn("flex items-start gap-2 text-sm text-foreground has-disabled:cursor-not-allowed has-disabled:opacity-60", className)}>
      {control}
      <span className="flex flex-col">
        <span>{label}</span>
        {hint && <span className="text-xs text-muted-foreground">{hint}</span>}
      </span>
    </label>
  );
}
