import type { Metadata } from "next";
import Link from "next/link";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { PageLinks } from "@/components/dashboard/page-links";
import { buttonClasses } from "@/components/ui/button";
import { auditActionLabel } from "@/lib/audit/actions";
import { listAuditActions, listAuditEvents } from "@/lib/audit/queries";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { keyActor, membership } = await requireActingMember("/audit-log");
  const { action, actor, cursor } = readSearchParams(await searchParams, ["action", "actor", "cursor"]);
  const viewer = { organizationId: membership.organization.id, userId: keyActor.userId, role: membership.role };
  const [{ events, nextCursor }, actions] = await Promise.all([
    listAuditEvents(viewer, { action: action || undefined, actor: actor.trim() || undefined, cursor: cursor || undefined }),
    listAuditActions(viewer),
  ]);

  return (
    <section className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-zinc-600">
          {membership.role === "MEMBER" ? "What you did, and what happened to your keys." : `Every key and membership change in ${membership.organization.name}.`}
        </p>
      </header>
      <form role="search" aria-label="Filter events" method="get" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Action
          <select name="action" defaultValue={action} className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal">
            <option value="">All actions</option>
            {actions.map((value) => (
              <option key={value} value={value}>
                {auditActionLabel(value)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Who
          <input name="actor" type="search" defaultValue={actor} placeholder="email" className="w-56 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal" />
        </label>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
        {(action || actor) && (
          <Link href="/audit-log" className="py-2 text-sm text-brand-700 hover:underline">
            Clear filters
          </Link>
        )}
      </form>
      <AuditEventsTable events={events} caption="Audit events, newest first" />
      <PageLinks path="/audit-log" params={{ action, actor }} cursor={cursor} nextCursor={nextCursor} labels={{ first: "Newest", next: "Older events" }} />
    </section>
  );
}
