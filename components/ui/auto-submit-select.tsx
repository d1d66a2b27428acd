"use client";

import type { ReactNode, SelectHTMLAttributes } from "react";
import { Button } from "./button";
import { Select } from "./select";
import { useHydrated } from "./use-hydrated";

/**
 * A select that saves its form as soon as a choice is made, once the page is
 * interactive. Before that (or without JavaScript) a small submit button sits
 * beside it, so a choice made early is never lost.
 */
export function AutoSubmitSelect({ submitLabel, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { submitLabel: string; children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <div className="flex items-center gap-2">
      <Select width="fit" onChange={(event) => event.currentTarget.form?.requestSubmit()} {...select}>
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
