"use client";

import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { bulkRevokeAction } from "@/app/(dashboard)/keys/actions";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { choiceControlClasses } from "@/components/ui/checkbox";
import { DataTable } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/form-message";
import { IDLE } from "@/lib/dashboard/form-state";
import { EnvironmentBadge, FlagBadge } from "./key-badges";

export type ReviewRow = {
  id: string;
  name: string;
  hint: string;
  environment: "LIVE" | "TEST";
  owner: string;
  scopes: string;
  lastUsed: string;
  expires: string;
  /** "any address" or "N ranges" (describeAllowlist). */
  allowedIps: string;
  flags: string[];
};

const FORM = "bulk-revoke-form";

/**
 * The review list with a checkbox per key and a confirmed bulk revoke. The
 * checkboxes belong to the dialog's form (form=…), so a plain post works
 * before JavaScript loads; with it, the dialog names the keys chosen.
 */
export function ReviewTable({ rows }: { rows: ReviewRow[] }) {
  const [state, action, pending] = useActionState(bulkRevokeAction, IDLE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  useEffect(() => {
    if (state.status === "success") setSelected(new Set());
  }, [state]);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const chosen = rows.filter((row) => selected.has(row.id));
  const count = chosen.length ? ` ${chosen.length} key${chosen.length === 1 ? "" : "s"}` : " the selected keys";

  return (
    <div className="flex flex-col gap-3">
      <FormMessage state={state} />
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmDialog
          id="bulk-revoke"
          trigger={`Revoke selected${chosen.length ? ` (${chosen.length})` : ""}`}
          title={`Revoke${count}?`}
          confirm={pending ? "Revoking…" : `Revoke${count}`}
          danger
          action={action}
          state={state}
          pending={pending}
        >
          <p>These keys stop working at once, on every server. This cannot be undone.</p>
          {chosen.length > 0 && (
            <ul className="list-disc pl-5">
              {chosen.map((row) => (
                <li key={row.id}>
                  {row.name} <span className="font-mono text-xs">{row.hint}</span>
                </li>
              ))}
            </ul>
          )}
        </ConfirmDialog>
      </div>
      <DataTable
        caption="Keys to review"
        columns={[
          {
            label: (
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                className={choiceControlClasses}
              />
            ),
            name: "Select",
            className: "w-0",
          },
          { label: "Key" },
          { label: "Owner" },
          { label: "Scopes", className: "hidden lg:table-cell" },
          { label: "Last used", className: "hidden md:table-cell" },
          { label: "Expires" },
          { label: "Allowed IPs", className: "hidden md:table-cell" },
          { label: "Needs attention" },
        ]}
        rows={rows.map((row) => ({
          key: row.id,
          cells: [
            <input
              key="select"
              type="checkbox"
              form={FORM}
              name="ids"
              value={row.id}
              aria-label={`Select ${row.name}`}
              checked={selected.has(row.id)}
              onChange={(e) => toggle(row.id, e.target.checked)}
              className={choiceControlClasses}
            />,
            <div key="key" className="flex flex-col gap-0.5">
              <span className="flex flex-wrap items-center gap-2">
                <Link href={`/keys/${row.id}`} className="font-medium text-brand hover:underline">
                  {row.name}
                </Link>
                <EnvironmentBadge environment={row.environment} />
              </span>
              <span className="font-mono text-xs text-muted-foreground">{row.hint}</span>
            </div>,
            <span key="owner" title={row.owner}>
              {row.owner}
            </span>,
            row.scopes,
            row.lastUsed,
            row.expires,
            row.allowedIps === "any address" ? <span key="from" className="text-muted-foreground">{row.allowedIps}</span> : <Badge key="from" tone="neutral">{row.allowedIps}</Badge>,
            <div key="flags" className="flex flex-wrap gap-1">
              {row.flags.length ? row.flags.map((flag) => <FlagBadge key={flag}>{flag}</FlagBadge>) : <span className="text-muted-foreground">—</span>}
            </div>,
          ],
        }))}
      />
    </div>
  );
}
