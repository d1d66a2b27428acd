import type { ReactNode } from "react";

export type Column = { label: ReactNode; className?: string };

/** The dashboard's table: a bordered, horizontally scrollable card with a screen-reader caption and a header row. */
export function DataTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium text-zinc-600 uppercase">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={`px-4 py-2 ${column.className ?? ""}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
    </div>
  );
}
