"use client";

import { useEffect, useRef, type ReactNode, type SelectHTMLAttributes } from "react";
import { Button } from "./button";
import { Select } from "./select";
import { useHydrated } from "./use-hydrated";

/**
 * A select that saves its form as soon as a choice is made, once the page is
 * interactive. Before that (or without JavaScript) a small submit button sits
 * beside it; and a choice made while the scripts were still loading is
 * submitted as soon as they run, so it is never lost.
 */
export function AutoSubmitSelect({ submitLabel, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { submitLabel: string; children: ReactNode }) {
  const hydrated = useHydrated();
  const ref = useRef<HTMLSelectElement>(null);
  const initial = useRef(select.defaultValue);
  useEffect(() => {
    const element = ref.current;
    if (element && initial.current !== undefined && element.value !== String(initial.current)) element.form?.requestSubmit();
  }, []);
  return (
    <div className="flex items-center gap-2">
      <Select ref={ref} width="fit" onChange={(event) => event.currentTarget.form?.requestSubmit()} {...select}>
        {children}
      </Select>
      {!hydrated && (
        <Button type="submit" variant="secondary" size="sm">
          {submitLabel}
        </Button>
      )}
    </div>
  );
}
