import type { Metadata } from "next";
import Link from "next/link";
import { RoleRefusal } from "@/components/dashboard/role-refusal";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CreateEndpointForm } from "@/components/webhooks/create-endpoint-form";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { formatDateTime } from "@/lib/dashboard/format";
import { serverEnv } from "@/lib/env";
import { EVENT_TYPES } from "@/lib/events/event-types";
import { EVENT_DESCRIPTIONS } from "@/lib/webhooks/event-descriptions";
import { listWebhookEndpoints } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { membership } = await requireActingMember("/webhooks");
  if (membership.role === "MEMBER") {
    return (
      <RoleRefusal
        title="Webhooks"
        allowed="admins and owners"
        description="Webhooks send the organization's events (keys created, revoked, leaked…) to its own systems. Ask an admin if you need one."
      />
    );
  }
  const endpoints = await listWebhookEndpoints(membership.organization.id);
  const urlHint = serverEnv().KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS
    ? "https://, or http:// and internal addresses (this server allows them)."
    : "An https:// URL on a public host.";
  return (
    <section className="flex flex-col gap-6">
      <PageHeader title="Webhooks" description="Keyward POSTs each event to these endpoints, signed per the Standard Webhooks specification, and retries for about a day when they fail." />
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet" description="Add one below to hear about key and member changes as they happen." />
      ) : (
        <Table caption="Webhook endpoints">
          <TableHeader>
            <tr>
              <TableHead>Endpoint</TableHead>
              <TableHead>Events</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Last success</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {endpoints.map((endpoint) => (
              <TableRow key={endpoint.id}>
                <TableCell label="Endpoint">
                  <Link href={`/webhooks/${endpoint.id}`} className="font-medium break-all text-brand hover:underline">
                    {endpoint.url}
                  </Link>
                  {endpoint.description && <div className="text-xs text-muted-foreground">{endpoint.description}</div>}
                </TableCell>
                <TableCell label="Events">{endpoint.allEvents ? "All events" : endpoint.eventTypes.join(", ")}</TableCell>
                <TableCell label="Status">
                  {endpoint.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>}
                  {endpoint.consecutiveFailures > 0 && <div className="text-xs text-muted-foreground">{endpoint.consecutiveFailures} failed attempts in a row</div>}
                </TableCell>
                <TableCell label="Last success">{endpoint.lastSuccessAt ? formatDateTime(endpoint.lastSuccessAt) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <CreateEndpointForm events={EVENT_TYPES.map((type) => ({ type, description: EVENT_DESCRIPTIONS[type] }))} urlHint={urlHint} />
    </section>
  );
}
