"use client";

import type { ComponentProps, ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "./button";

/**
 * The submit button of a `<form action={…}>`: while the form is being sent it
 * is disabled (no double submit), marked aria-busy, and says so
 * (`pendingLabel`, or the label followed by "…"). Before JavaScript loads it
 * is a plain submit button.
 */
export function SubmitButton({ children, pendingLabel, disabled, ...props }: Omit<ComponentProps<typeof Button>, "type"> & { pendingLabel?: ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || disabled} aria-busy={pending || undefined} {...props}>
      {pending ? (pendingLabel ?? <>{children}…</>) : children}
    </Button>
  );
}
