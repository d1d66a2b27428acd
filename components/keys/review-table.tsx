"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { bulkRevokeAction } from "@/app/(dashboard)/keys/actions";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { EnvironmentBadge, FlagBadge } from "./key-badges";
import { ConfirmDialog } from "./key-actions";

export type ReviewRow = {
  id: string;
  name: string;
  hint: string;
  environment: "LIVE" | "TEST";
  owner: string;
  scopes: string;
  lastUsed: string;
  expires: string;
  flags: string[];
};

/** The review list with a checkbox per key and a confirmed bulk revoke. */
export function ReviewTable({ rows }: { rows: ReviewRow[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const chosen = rows.filter((row) => selected.has(row.id));

  return (
    <div className="flex flex-col gap-3">
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmDialog
          trigger={`Revoke selected (${chosen.length})`}
          title={`Revoke ${chosen.length} key${chosen.length === 1 ? "" : "s"}?`}
          confirm={`Revoke ${chosen.length} key${chosen.length === 1 ? "" : "s"}`}
          danger
          disabled={chosen.length === 0}
          onConfirm={async (close) => {
            const result = await bulkRevokeAction(chosen.map((row) => row.id)).catch(() => null);
            close();
            if (!result?.ok) return setStatus({ tone: "error", text: result?.message ?? "Could not reach Keyward. Try again." });
            setStatus({ tone: "success", text: `Revoked ${result.data.revoked} key${result.data.revoked === 1 ? "" : "s"}.${result.data.skipped ? ` ${result.data.skipped} were already revoked.` : ""}` });
            setSelected(new Set());
            router.refresh();
          }}
        >
          <p>These keys stop working at once, on every server. This cannot be undone.</p>
          <ul className="list-disc pl-5">
            {chosen.map((row) => (
              <li key={row.id}>
                {row.name} <span className="font-mono text-xs">{row.hint}</span>
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      </div>
      <DataTable
        caption="Keys to review"
        columns={[
          {
            label: (
              <input type="checkbox" aria-label="Select all" checked={allSelected} onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())} className="size-4 accent-brand-600" />
            ),
          },
          { label: "Key" },
          { label: "Owner" },
          { label: "Scopes", className: "hidden md:table-cell" },
          { label: "Last used", className: "hidden md:table-cell" },
          { label: "Expires" },
          { label: "Needs attention" },
        ]}
      >
            {rows.map((row) => (
              <tr key={row.id} className="align-top">
                <td className="px-3 py-3">
                  <input type="checkbox" aria-label={`Select ${row.name}`} checked={selected.has(row.id)} onChange={(e) => toggle(row.id, e.target.checked)} className="size-4 accent-brand-600" />
                </td>
                <td className="px-3 py-3">
                  <Link href={`/keys/${row.id}`} className="font-medium text-brand-700 hover:underline">
                    {row.name}
                  </Link>{" "}
                  <EnvironmentBadge environment={row.environment} />
                  <div className="font-mono text-xs text-zinc-500">{row.hint}</div>
                </td>
                <td className="max-w-44 truncate px-3 py-3" title={row.owner}>
                  {row.owner}
                </td>
                <td className="hidden px-3 py-3 md:table-cell">{row.scopes}</td>
                <td className="hidden px-3 py-3 md:table-cell">{row.lastUsed}</td>
                <td className="px-3 py-3 whitespace-nowrap">{row.expires}</td>
                <td className="px-3 py-3">
                  <div className="flex flex-wrap gap-1">
                    {row.flags.length ? row.flags.map((flag) => <FlagBadge key={flag}>{flag}</FlagBadge>) : <span className="text-zinc-500">—</span>}
                  </div>
                </td>
              </tr>
            ))}
      </DataTable>
    </div>
  );
}
