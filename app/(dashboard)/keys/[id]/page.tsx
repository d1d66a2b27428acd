import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { KeyWorkspace } from "@/components/keys/key-actions";
import { Alert } from "@/components/ui/alert";
import { changeCreditsAction } from "@/app/(dashboard)/keys/actions";
import { CreditsForm } from "@/components/keys/credits-form";
import { IpAllowlistForm } from "@/components/keys/ip-allowlist-form";
import { RateLimitForm } from "@/components/keys/rate-limit-form";
import { EnvironmentBadge, StatusBadge } from "@/components/keys/key-badges";
import { ExpiryText, LastUsedText } from "@/components/keys/keys-table";
import { ScopesSummary } from "@/components/keys/scopes-summary";
import { getApiKey } from "@/lib/api-keys/queries";
import { KeyLeakBanner, KeyLeakReports } from "@/components/leaks/leak-notices";
import { keyLeakNotice, listKeyLeakReports } from "@/lib/leaks/leak-notices";
import { readKeyCredits } from "@/lib/credits/manage-credits";
import { listAuditEvents } from "@/lib/audit/queries";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { formatDateTime } from "@/lib/dashboard/format";
import { NotFoundError } from "@/lib/errors";
import { describePolicy, policyOf } from "@/lib/rate-limit/plans";
import { actingUserEmails, usageReport, UsageRangeSchema } from "@/lib/usage/usage-queries";
import { RangeLinks, UsageSummary } from "@/components/usage/usage-summary";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

const PLAN_LABELS = { STANDARD: "Standard", PRO: "Pro", CUSTOM: "Custom" } as const;

export const metadata: Metadata = { title: "Key" };

export default async function KeyPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { id } = await params;
  const range = UsageRangeSchema.catch("24h").parse(readSearchParams(await searchParams, ["range"]).range || undefined);
  const { keyActor, membership } = await requireActingMember(`/keys/${id}`);
  const key = await getApiKey(keyActor, id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const [usage, credits, leakReports] = await Promise.all([
    usageReport({ organizationId: membership.organization.id, apiKeyId: key.id }, range),
    readKeyCredits(key.id),
    listKeyLeakReports(membership.organization.id, key.id),
  ]);
  const leakNotice = keyLeakNotice(key.status, leakReports);
  const userEmails = await actingUserEmails(membership.organization.id, usage);
  const { events } = await listAuditEvents({ organizationId: membership.organization.id, userId: keyActor.userId, role: membership.role }, { targetId: key.id });
  const now = Date.now();
  const usable = key.status !== "revoked" && key.status !== "expired";

  const canManage = membership.role !== "MEMBER" && key.status !== "revoked";

  return (
    <section className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/keys" className="text-brand underline underline-offset-2">
          Keys
        </Link>{" "}
        / {key.name}
      </nav>
      <KeyWorkspace
        apiKey={{ id: key.id, name: key.name, description: key.description, canEdit: key.status !== "revoked", canRotate: usable && !key.successorId, canRevoke: key.status !== "revoked" }}
        badges={
          <>
            <EnvironmentBadge environment={key.environment} />
            <StatusBadge status={key.status} />
          </>
        }
      >
      {leakNotice && <KeyLeakBanner notice={leakNotice} />}
      {key.status === "rotating_out" && key.expiresAt && (
        <Alert tone="info">Rotating out until {formatDateTime(key.expiresAt)}. Its successor is already live.</Alert>
      )}

      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 rounded-xl border border-border bg-surface p-4 text-sm sm:grid-cols-[10rem_1fr]">
        <Field label="Key">
          <span className="font-mono">{key.hint}</span> <span className="text-muted-foreground">(the secret is never shown again)</span>
        </Field>
        <Field label="Purpose">{key.description ?? <span className="text-muted-foreground">—</span>}</Field>
        <Field label="Scopes">
          <ScopesSummary preset={key.preset} scopes={key.scopes} /> <span className="text-muted-foreground">({key.scopes.join(", ")})</span>
        </Field>
        <Field label="Owner">{key.owner.email}</Field>
        <Field label="Created">{formatDateTime(key.createdAt)}</Field>
        <Field label="Expires">
          {key.status === "revoked" ? (
            <span className="text-muted-foreground">Does not apply: the key is revoked</span>
          ) : (
            <>
              {key.expiresAt ? formatDateTime(key.expiresAt) : "Never"} {key.expiresAt && <>(<ExpiryText apiKey={key} now={now} />)</>}
            </>
          )}
        </Field>
        <Field label="Last used">
          <LastUsedText lastUsedAt={key.lastUsedAt} now={now} />
        </Field>
        {key.revokedAt && (
          <Field label="Revoked">
            {formatDateTime(key.revokedAt)} by {key.revokedBy?.email ?? "the operator"}
          </Field>
        )}
        <Field label="Rotation">
          {key.predecessorId || key.successorId ? (
            <span className="flex flex-col gap-1">
              {key.predecessorId && (
                <Link href={`/keys/${key.predecessorId}`} className="text-brand underline underline-offset-2">
                  ← Replaces an earlier key
                </Link>
              )}
              {key.successorId && (
                <Link href={`/keys/${key.successorId}`} className="text-brand underline underline-offset-2">
                  Replaced by a newer key →
                </Link>
              )}
            </span>
          ) : (
            <span className="text-muted-foreground">Never rotated</span>
          )}
        </Field>
        <Field label="Rate limit">
          {PLAN_LABELS[key.rateLimitPlan]}: {describePolicy(policyOf(key))}
          {key.monthlyQuota ? `, at most ${key.monthlyQuota.toLocaleString("en")} per month` : ""}
        </Field>
        <Field label="Allowed IPs">
          {key.allowedIps.length ? <span className="font-mono text-xs">{key.allowedIps.join(", ")}</span> : <span className="text-muted-foreground">Any address</span>}
        </Field>
        <Field label="Credits">
          {credits ? `${credits.balance.toLocaleString("en")} left${credits.monthlyRefill ? `, refilled to ${credits.monthlyRefill.toLocaleString("en")} monthly` : ""}` : "None of its own"}
        </Field>
      </dl>

      <section aria-labelledby="usage-title" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="usage-title" className="text-base font-semibold">
            Usage
          </h2>
          <RangeLinks current={range} hrefFor={(r) => `/keys/${key.id}?range=${r}`} />
        </div>
        <UsageSummary report={usage} subject="this key" userEmails={userEmails} />
      </section>

      {/* The owner and admins (whoever may see the key here and edit it) set where it may be used from. */}
      {key.status !== "revoked" && <IpAllowlistForm keyId={key.id} current={key.allowedIps} />}

      {canManage && (
        <div className="grid gap-6 lg:grid-cols-2">
          <RateLimitForm
            keyId={key.id}
            current={{ plan: key.rateLimitPlan, limit: key.rateLimitMax, windowSeconds: key.rateLimitWindowSeconds, monthlyQuota: key.monthlyQuota }}
          />
          <CreditsForm action={changeCreditsAction} holderId={key.id} current={credits} subject="key" />
        </div>
      )}

      {leakReports.length > 0 && <KeyLeakReports reports={leakReports} />}

      <section aria-labelledby="history-title" className="flex flex-col gap-3">
        <h2 id="history-title" className="text-base font-semibold">
          History
        </h2>
        <AuditEventsTable events={events} caption="This key's audit events" />
      </section>
      </KeyWorkspace>
    </section>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
