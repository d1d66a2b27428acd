import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** One of a row of filter or range choices, each its own address; the chosen one is aria-current. */
export function PillLink({ current, className, ...props }: ComponentProps<typeof Link> & { current: boolean }) {
  return (
    <Link
      aria-current={current ? "page" : undefined}
      className={cn(
        "inline-block rounded-full border px-3 py-1 text-sm",
        current ? "border-brand bg-brand-subtle text-brand" : "border-border bg-surface text-foreground hover:bg-surface-muted",
        className,
      )}
      {...props}
    />
  );
}
