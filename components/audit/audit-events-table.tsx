import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { formatDateTime } from "@/lib/dashboard/format";

export type AuditRow = {
  id: string;
  action: string;
  actorLabel: string;
  targetType: string;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
  createdAt: Date;
};

const ACTIONS: Record<string, string> = {
  "api_key.created": "Created key",
  "api_key.updated": "Edited key",
  "api_key.revoked": "Revoked key",
  "api_key.rotated": "Rotated key",
  "api_key.rotated_in": "Issued key by rotation",
  "api_key.rate_limit_changed": "Changed rate limit",
  "api_key.token_exchanged": "Exchanged for a token",
  "api_key.credits_added": "Added credits",
  "api_key.credit_refill_set": "Set monthly credit refill",
  "api_key.credits_unmetered": "Stopped metering credits",
  "organization.credits_added": "Added organization credits",
  "organization.credit_refill_set": "Set organization credit refill",
  "organization.credits_unmetered": "Stopped metering organization credits",
  "member.added": "Added member",
  "member.role_changed": "Changed role",
  "member.removed": "Removed member",
  "organization.created": "Created organization",
  "organization.renamed": "Renamed organization",
  "organization.policy_updated": "Changed key policy",
};

export function actionLabel(action: string) {
  return ACTIONS[action] ?? action;
}

function target(event: AuditRow) {
  const meta = (event.metadata ?? {}) as Record<string, unknown>;
  if (event.targetType === "api_key" && event.targetId) {
    const name = typeof meta.name === "string" ? meta.name : typeof meta.hint === "string" ? meta.hint : "key";
    return (
      <Link href={`/keys/${event.targetId}`} className="text-brand-700 hover:underline">
        {name}
        {typeof meta.hint === "string" && <span className="ml-1 font-mono text-xs text-zinc-500">{meta.hint}</span>}
      </Link>
    );
  }
  if (event.targetType === "user" && typeof meta.email === "string") return meta.email;
  return typeof meta.name === "string" ? meta.name : event.targetType;
}

function details(event: AuditRow) {
  const meta = (event.metadata ?? {}) as Record<string, unknown>;
  if (event.action === "api_key.rotated") return `grace ${meta.grace}, old key works until ${meta.worksUntil}`;
  if (event.action === "member.role_changed") return `${meta.before} → ${meta.after}`;
  if (event.action === "member.added") return `as ${meta.role}`;
  if (event.action === "organization.renamed") return `${meta.before} → ${meta.after}`;
  return "";
}

export function AuditEventsTable({ events, caption }: { events: AuditRow[]; caption: string }) {
  if (events.length === 0) return <p className="rounded-xl border border-zinc-200 bg-white p-6 text-sm text-zinc-600">No events.</p>;
  return (
    <DataTable
      caption={caption}
      columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "Target" }, { label: "IP", className: "hidden md:table-cell" }]}
    >
          {events.map((event) => (
            <tr key={event.id} className="align-top">
              <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(event.createdAt)}</td>
              <td className="max-w-48 truncate px-4 py-2" title={event.actorLabel}>
                {event.actorLabel}
              </td>
              <td className="px-4 py-2">
                {actionLabel(event.action)}
                {details(event) && <div className="text-xs text-zinc-500">{details(event)}</div>}
              </td>
              <td className="px-4 py-2">{target(event)}</td>
              <td className="hidden px-4 py-2 font-mono text-xs md:table-cell">{event.ip ?? "—"}</td>
            </tr>
          ))}
    </DataTable>
  );
}
