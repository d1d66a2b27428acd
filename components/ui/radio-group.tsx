import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { Choice, choiceControlClasses } from "./checkbox";
import { cn } from "./cn";
import { fieldDescription, FieldMessages } from "./field";

export type RadioOption = { value: string; label: ReactNode; hint?: ReactNode; disabled?: boolean };

type RadioGroupProps = {
  legend: ReactNode;
  name: string;
  options: RadioOption[];
  hint?: ReactNode;
  errors?: string[];
  orientation?: "vertical" | "horizontal";
  className?: string;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "value" | "defaultValue" | "onChange" | "required" | "form">;

/**
 * Native radios in a fieldset whose legend names the group. Arrow keys, one
 * tab stop and form submission come from the browser, so it works before
 * JavaScript loads. A disabled option can say why in its hint.
 */
export function RadioGroup({ legend, name, options, hint, errors, orientation = "vertical", className, value, defaultValue, ...input }: RadioGroupProps) {
  const id = useId();
  const { describedBy, invalid } = fieldDescription(id, hint, errors);
  return (
    <fieldset aria-describedby={describedBy} className={cn("flex min-w-0 flex-col gap-2", className)}>
      <legend className="mb-1.5 text-sm font-medium text-foreground">{legend}</legend>
      <div className={cn("flex gap-2", orientation === "vertical" ? "flex-col" : "flex-wrap gap-x-4")}>
        {options.map((option) => (
          <Choice
            key={option.value}
            label={option.label}
            hint={option.hint}
            control={
              <input
                type="radio"
                name={name}
                value={option.value}
                disabled={option.disabled}
                aria-invalid={invalid || undefined}
                {...(value !== undefined ? { checked: value === option.value } : { defaultChecked: defaultValue === option.value })}
                className={choiceControlClasses}
                {...input}
              />
            }
          />
        ))}
      </div>
      <FieldMessages id={id} hint={hint} errors={errors} />
    </fieldset>
  );
}
