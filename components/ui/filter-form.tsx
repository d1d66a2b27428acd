import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * A list's filters: a GET form (the filters live in the address, so a
 * filtered list can be bookmarked, and it works without JavaScript), its
 * Filter button, and "Clear filters" while any is set.
 */
export function FilterForm({ label, clearHref, filtered, children }: { label: string; clearHref: string; filtered: boolean; children: ReactNode }) {
  return (
    <form role="search" aria-label={label} method="get" className="flex flex-wrap items-end gap-3">
      {children}
      <Button type="submit" variant="secondary">
        Filter
      </Button>
      {filtered && (
        <Link href={clearHref} className="py-2 text-sm text-brand underline underline-offset-2">
          Clear filters
        </Link>
      )}
    </form>
  );
}
