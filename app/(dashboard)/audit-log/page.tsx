import type { Metadata } from "next";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { PageLinks } from "@/components/dashboard/page-links";
import { Field } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
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
      <PageHeader
        title="Audit log"
        description={membership.role === "MEMBER" ? "What you did, and what happened to your keys." : `Every key and membership change in ${membership.organization.name}.`}
      />
      <FilterForm label="Filter events" clearHref="/audit-log" filtered={Boolean(action || actor)}>
        <Field label="Action">
          {(control) => (
            <Select {...control} name="action" defaultValue={action} width="fit">
              <option value="">All actions</option>
              {actions.map((value) => (
                <option key={value} value={value}>
                  {auditActionLabel(value)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TextField label="Who" name="actor" type="search" defaultValue={actor} placeholder="email" className="w-56" />
      </FilterForm>
      <AuditEventsTable events={events} caption="Audit events, newest first" />
      <PageLinks path="/audit-log" params={{ action, actor }} cursor={cursor} nextCursor={nextCursor} labels={{ first: "Newest", next: "Older events" }} />
    </section>
  );
}
