import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleRefusal } from "@/components/dashboard/role-refusal";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EndpointWorkspace, RedeliverButton } from "@/components/webhooks/endpoint-actions";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { formatDateTime } from "@/lib/dashboard/format";
import { DELIVERY_LOG_SIZE, findWebhookEndpoint, listWebhookDeliveries, type WebhookDeliveryRow } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook endpoint" };

const STATES: Record<WebhookDeliveryRow["state"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Pending", tone: "info" },
  SENDING: { label: "Sending", tone: "info" },
  DELIVERED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { membership } = await requireActingMember(`/webhooks/${id}`);
  if (membership.role === "MEMBER") {
    return <RoleRefusal title="Webhooks" allowed="admins and owners" description="Webhook endpoints and their delivery logs are managed by admins." />;
  }
  const endpoint = await findWebhookEndpoint(membership.organization.id, id);
  if (!endpoint) notFound();
  const deliveries = await listWebhookDeliveries(membership.organization.id, endpoint.id);
  return (
    <section className="flex flex-col gap-6">
      <PageHeader
        title={<span className="break-all">{endpoint.url}</span>}
        description={
          <>
            {endpoint.description ? `${endpoint.description} · ` : ""}
            {endpoint.allEvents ? "All events" : endpoint.eventTypes.join(", ")}
            {endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date() ? ` · previous secret signs too until ${formatDateTime(endpoint.previousSecretUntil)}` : ""}
          </>
        }
        action={endpoint.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>}
      />
      {!endpoint.enabled && (
        <Alert tone="error" title="This endpoint is disabled">
          {endpoint.disabledReason} {endpoint.disabledAt && `(${formatDateTime(endpoint.disabledAt)})`} No events are sent to it; enable it, then redeliver the events it missed.
        </Alert>
      )}
      <EndpointWorkspace endpoint={{ id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled }}>
        <h2 className="text-lg font-semibold">Delivery log</h2>
        {deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet" description="Events this endpoint listens for appear here as they are sent. Send a test event to try it." />
        ) : (
          <Table caption={`The last ${DELIVERY_LOG_SIZE} deliveries`}>
            <TableHeader>
              <tr>
                <TableHead>Event</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Attempts</TableHead>
                <TableHead>Latency</TableHead>
                <TableHead>Response</TableHead>
                <TableHead>Time</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {deliveries.map((delivery) => (
                <TableRow key={delivery.id} data-delivery={delivery.eventId}>
                  <TableCell label="Event">
                    <div className="font-mono">{delivery.eventType}</div>
                    <div className="font-mono text-xs text-muted-foreground">{delivery.eventId}</div>
                  </TableCell>
                  <TableCell label="Status">
                    <Badge tone={STATES[delivery.state].tone}>{STATES[delivery.state].label}</Badge>
                    <div className="text-xs text-muted-foreground">
                      {delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError ?? "")}
                      {delivery.state === "PENDING" && delivery.nextAttemptAt && delivery.attempts > 0 ? ` · next try ${formatDateTime(delivery.nextAttemptAt)}` : ""}
                    </div>
                  </TableCell>
                  <TableCell label="Attempts">
                    {delivery.attemptLog.length > 0 ? (
                      <details>
                        <summary className="cursor-pointer">{delivery.attempts}</summary>
                        <ol className="mt-1 flex flex-col gap-1 text-xs">
                          {delivery.attemptLog.map((attempt) => (
                            <li key={attempt.attempt}>
                              #{attempt.attempt} {formatDateTime(attempt.startedAt)}: {attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : attempt.error} ({attempt.latencyMs} ms)
                            </li>
                          ))}
                        </ol>
                      </details>
                    ) : (
                      delivery.attempts
                    )}
                  </TableCell>
                  <TableCell label="Latency">{delivery.lastLatencyMs !== null ? `${delivery.lastLatencyMs} ms` : "—"}</TableCell>
                  <TableCell label="Response">
                    <code className="line-clamp-3 text-xs break-all">{delivery.lastResponseExcerpt ?? "—"}</code>
                  </TableCell>
                  <TableCell label="Time">{formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt)}</TableCell>
                  <TableCell label="Actions">
                    {endpoint.enabled && delivery.state !== "SENDING" && <RedeliverButton endpointId={endpoint.id} deliveryId={delivery.id} label={`Redeliver ${delivery.eventType} ${delivery.eventId}`} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </EndpointWorkspace>
    </section>
  );
}
