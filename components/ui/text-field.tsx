import type { InputHTMLAttributes } from "react";
import { Field } from "./field";
import { Input } from "./input";

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  errors?: string[];
  hint?: string;
};

/** A labelled input whose errors sit beside it and are announced with it (a Field holding an Input). */
export function TextField({ label, errors, hint, id, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} errors={errors} id={id} className={className}>
      {(control) => <Input {...control} {...input} />}
    </Field>
  );
}
