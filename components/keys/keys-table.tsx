import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EXPIRING_SOON_MS, type ApiKeyView } from "@/lib/api-keys/key-view";
import { formatDateTime, relativeTime } from "@/lib/dashboard/format";
import { EnvironmentBadge, StatusBadge } from "./key-badges";
import { ScopesSummary } from "./scopes-summary";

/** When a key expires, in words, with a warning when it is soon. */
export function ExpiryText({ apiKey, now }: { apiKey: Pick<ApiKeyView, "expiresAt" | "status">; now: number }) {
  // A revoked key never expires: it has already stopped working.
  if (apiKey.status === "revoked") return <span className="text-muted-foreground">—</span>;
  if (!apiKey.expiresAt) return <span className="text-muted-foreground">Never</span>;
  const soon = apiKey.expiresAt.getTime() - now <= EXPIRING_SOON_MS && apiKey.expiresAt.getTime() > now;
  const label =
    apiKey.status === "rotating_out"
      ? `rotating out ${relativeTime(apiKey.expiresAt, now)}`
      : apiKey.expiresAt.getTime() <= now
        ? `expired ${relativeTime(apiKey.expiresAt, now)}`
        : `expires ${relativeTime(apiKey.expiresAt, now)}`;
  return (
    <span className={soon ? "font-medium text-warning" : undefined} title={formatDateTime(apiKey.expiresAt)}>
      {soon && <span aria-hidden="true">⚠ </span>}
      {label}
    </span>
  );
}

export function LastUsedText({ lastUsedAt, now }: { lastUsedAt: Date | null; now: number }) {
  return lastUsedAt ? <span title={formatDateTime(lastUsedAt)}>{relativeTime(lastUsedAt, now)}</span> : <span className="text-muted-foreground italic">never</span>;
}

/** The key's name and hint; a rotated key's successor says which key it replaced. */
export function KeyNameCell({ apiKey }: { apiKey: Pick<ApiKeyView, "id" | "name" | "hint" | "predecessorHint"> }) {
  return (
    <div className="min-w-0">
      <Link href={`/keys/${apiKey.id}`} className="font-medium text-brand hover:underline">
        {apiKey.name}
      </Link>
      <div className="font-mono text-xs whitespace-nowrap text-muted-foreground">{apiKey.hint}</div>
      {apiKey.predecessorHint && (
        <div className="text-xs text-muted-foreground">
          rotated from <span className="font-mono">{apiKey.predecessorHint}</span>
        </div>
      )}
    </div>
  );
}

/** The keys list: a table from 640 px, a card per key below (every value labelled, nothing off-screen). */
export function KeysTable({ keys, now, caption }: { keys: ApiKeyView[]; now: number; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Name" },
        { label: "Environment", className: "w-0" },
        { label: "Scopes", className: "hidden xl:table-cell" },
        { label: "Owner", className: "hidden lg:table-cell" },
        { label: "Created", className: "hidden xl:table-cell" },
        { label: "Expires" },
        { label: "Last used", className: "hidden md:table-cell" },
        { label: "Status", className: "w-0" },
      ]}
      rows={keys.map((key) => ({
        key: key.id,
        cells: [
          <KeyNameCell key="name" apiKey={key} />,
          <EnvironmentBadge key="environment" environment={key.environment} />,
          <ScopesSummary key="scopes" preset={key.preset} scopes={key.scopes} />,
          <span key="owner" title={key.owner.email}>
            {key.owner.email}
          </span>,
          formatDateTime(key.createdAt),
          <ExpiryText key="expires" apiKey={key} now={now} />,
          <LastUsedText key="last-used" lastUsedAt={key.lastUsedAt} now={now} />,
          <StatusBadge key="status" status={key.status} />,
        ],
      }))}
    />
  );
}
