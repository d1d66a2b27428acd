import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { describeAuditEvent, type DescribedAuditEvent } from "@/lib/audit/describe-audit-event";
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

function Target({ event, shown }: { event: AuditRow; shown: DescribedAuditEvent }) {
  const hint = shown.hint && <span className="ml-1 font-mono text-xs text-zinc-500">{shown.hint}</span>;
  if (event.targetType === "api_key" && event.targetId) {
    return (
      <Link href={`/keys/${event.targetId}`} className="text-brand-700 hover:underline">
        {shown.targetName ?? (shown.hint ? null : "key")}
        {hint}
      </Link>
    );
  }
  return <>{shown.targetName ?? event.targetType}</>;
}

export function AuditEventsTable({ events, caption }: { events: AuditRow[]; caption: string }) {
  if (events.length === 0) return <p className="rounded-xl border border-zinc-200 bg-white p-6 text-sm text-zinc-600">No events.</p>;
  return (
    <DataTable
      caption={caption}
      columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "Target" }, { label: "IP", className: "hidden md:table-cell" }]}
    >
      {events.map((event) => {
        const shown = describeAuditEvent(event);
        return (
          <tr key={event.id} className="align-top">
            <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(event.createdAt)}</td>
            <td className="max-w-48 truncate px-4 py-2" title={event.actorLabel}>
              {event.actorLabel}
            </td>
            <td className="px-4 py-2">
              {shown.label}
              {shown.details.map((line) => (
                <div key={line} className="text-xs text-zinc-500">
                  {line}
                </div>
              ))}
            </td>
            <td className="px-4 py-2">
              <Target event={event} shown={shown} />
            </td>
            <td className="hidden px-4 py-2 font-mono text-xs md:table-cell">{event.ip ?? "—"}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
