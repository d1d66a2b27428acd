import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
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
  const hint = shown.hint && <span className="ml-1 font-mono text-xs whitespace-nowrap text-muted-foreground">{shown.hint}</span>;
  if (event.targetType === "api_key" && event.targetId) {
    return (
      <Link href={`/keys/${event.targetId}`} className="text-brand hover:underline">
        {shown.targetName ?? (shown.hint ? null : "key")}
        {hint}
      </Link>
    );
  }
  return <>{shown.targetName ?? event.targetType}</>;
}

/** Audit events, newest first: a table from 640 px, a card per event on phones (What and Target included). */
export function AuditEventsTable({ events, caption }: { events: AuditRow[]; caption: string }) {
  if (events.length === 0) return <EmptyState title="No events." />;
  return (
    <DataTable
      caption={caption}
      columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "Target" }, { label: "IP", className: "hidden lg:table-cell" }]}
      rows={events.map((event) => {
        const shown = describeAuditEvent(event);
        return {
          key: event.id,
          cells: [
            <span key="when" className="whitespace-nowrap">
              {formatDateTime(event.createdAt)}
            </span>,
            <span key="who" title={event.actorLabel}>
              {event.actorLabel}
            </span>,
            <div key="what">
              {shown.label}
              {shown.details.map((line) => (
                <div key={line} className="text-xs text-muted-foreground">
                  {line}
                </div>
              ))}
            </div>,
            <Target key="target" event={event} shown={shown} />,
            <span key="ip" className="font-mono text-xs whitespace-nowrap">
              {event.ip ?? "—"}
            </span>,
          ],
        };
      })}
    />
  );
}
