import { useId, type ReactNode } from "react";
import { cn } from "./cn";

/** What a field hands its control, so the control is labelled, described and marked invalid. */
export type FieldControlProps = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  /** The control's id; generated when not given. */
  id?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * A label, a control, a hint and the control's errors, wired together: the
 * errors (or, when there are none, the hint) describe the control, so a
 * screen reader reads them with it, and the control is aria-invalid while it
 * has errors.
 *
 *   <Field label="Plan" errors={errors.plan}>{(control) => <Select {...control} name="plan">…</Select>}</Field>
 */
export function Field({ label, hint, errors, id, className, children }: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const { describedBy, invalid } = fieldDescription(controlId, hint, errors);
  return (
    <div className={cn("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={controlId} className="text-sm font-medium text-foreground">
        {label}
      </label>
      {children({ id: controlId, "aria-describedby": describedBy, "aria-invalid": invalid || undefined })}
      <FieldMessages id={controlId} hint={hint} errors={errors} />
    </div>
  );
}

/** Which message describes a control: its errors when it has any, else its hint. */
export function fieldDescription(id: string, hint: ReactNode, errors: string[] | undefined) {
  const invalid = Boolean(errors?.length);
  return { invalid, describedBy: invalid ? `${id}-error` : hint ? `${id}-hint` : undefined };
}

/** The hint, or the errors that replace it, with the ids `fieldDescription` points at. */
export function FieldMessages({ id, hint, errors }: { id: string; hint?: ReactNode; errors?: string[] }) {
  if (errors?.length) {
    return (
      <p id={`${id}-error`} className="text-xs text-danger">
        {errors.join(" ")}
      </p>
    );
  }
  return hint ? (
    <p id={`${id}-hint`} className="text-xs text-muted-foreground">
      {hint}
    </p>
  ) : null;
}
