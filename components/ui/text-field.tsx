import { useId, type InputHTMLAttributes } from "react";

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  errors?: string[];
  hint?: string;
};

/** A labelled input whose errors sit beside it and are announced with it. */
export function TextField({ label, errors, hint, id, className = "", ...input }: TextFieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint && !invalid ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`flex flex-col gap-1.5 ${className}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={`rounded-md border bg-white px-3 py-2 text-sm shadow-xs outline-none focus:ring-2 focus:ring-brand-500 ${
          invalid ? "border-red-500" : "border-zinc-300"
        }`}
        {...input}
      />
      {hint && !invalid && (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="text-xs text-red-600">
          {errors!.join(" ")}
        </p>
      )}
    </div>
  );
}
