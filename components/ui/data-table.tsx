import type { ReactNode } from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";

/** A column: its header, and (when the header is not plain text) the name its cells show when stacked on a phone. */
export type Column = { label: ReactNode; name?: string; className?: string };
export type DataRow = { key: string; cells: ReactNode[]; className?: string };

/**
 * The dashboard's table from a list of columns and rows: every cell gets its
 * column's label and className, so the stacked phone layout can never name a
 * value wrongly.
 */
export function DataTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: DataRow[] }) {
  return (
    <Table caption={caption}>
      <TableHeader>
        <tr>
          {columns.map((column, index) => (
            <TableHead key={index} className={column.className}>
              {column.label}
            </TableHead>
          ))}
        </tr>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key} className={row.className}>
            {row.cells.map((cell, index) => (
              <TableCell key={index} label={columnName(columns[index])} className={columns[index]?.className}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function columnName(column: Column | undefined): string | undefined {
  return column?.name ?? (typeof column?.label === "string" ? column.label : undefined);
}
