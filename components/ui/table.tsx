import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

// A table that fits its container at every width:
// - from 640 px, a bordered table whose cells wrap long text (overflow-wrap:
//   anywhere) instead of pushing the table past its container; nothing clips
//   it either, so a row's Menu can open over the rows below;
// - under 640 px, every row is a card of "label: value" lines, each cell's
//   label taken from its data-label (TableCell's `label`), so no column is
//   off-screen on a phone.
// TableRow and TableCell are for such stacked tables. `stacked={false}` keeps
// the rows rows on a phone and scrolls the table sideways instead, for tables
// whose rows are written by hand (<tr>/<td>) without labels.

export function Table({ caption, stacked = true, className, children }: { caption: ReactNode; stacked?: boolean; className?: string; children: ReactNode }) {
  return (
    <div
      data-stacked={stacked || undefined}
      className={cn("min-w-0 rounded-xl border border-border bg-surface", stacked ? "max-sm:rounded-none max-sm:border-0 max-sm:bg-transparent" : "overflow-x-auto", className)}
    >
      <table className="w-full text-left text-sm text-foreground max-sm:in-data-stacked:block">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function TableHeader({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("border-b border-border text-xs font-medium text-muted-foreground uppercase max-sm:in-data-stacked:sr-only", className)} {...props} />;
}

export function TableBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-border max-sm:in-data-stacked:flex max-sm:in-data-stacked:flex-col max-sm:in-data-stacked:gap-3 max-sm:in-data-stacked:divide-y-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr
      className={cn("align-top sm:hover:bg-surface-muted/60 max-sm:block max-sm:rounded-xl max-sm:border max-sm:border-border max-sm:bg-surface max-sm:px-3 max-sm:py-2", className)}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("px-4 py-2 font-medium", className)} {...props} />;
}

/** A cell; `label` is its column's name, shown beside the value when the row is stacked on a phone. */
export function TableCell({ label, className, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <td
      data-label={label}
      className={cn(
        "px-4 py-3 wrap-anywhere",
        "max-sm:block max-sm:px-0 max-sm:py-1",
        "max-sm:data-label:grid max-sm:data-label:grid-cols-[7rem_minmax(0,1fr)] max-sm:data-label:items-baseline max-sm:data-label:justify-items-start max-sm:data-label:gap-3",
        "max-sm:data-label:before:text-xs max-sm:data-label:before:font-medium max-sm:data-label:before:text-muted-foreground max-sm:data-label:before:content-[attr(data-label)]",
        className,
      )}
      {...props}
    />
  );
}
