import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EXPIRING_SOON_MS, type ApiKeyView } from "@/lib/api-keys/key-view";
import { formatDateTime, relativeTime } from "@/lib/dashboard/format";
import { EnvironmentBadge, StatusBadge } from "./key-badges";
import { ScopesSummary } from "./scopes-summary";

/** When a key expires, in words, with a warning when it is soon. */
export function ExpiryText({ apiKey, now }: { apiKey: Pick<ApiKeyView, "expiresAt" | "status">; now: number }) {
  // A revoked key never expires: it has already stopped working.
  if (apiKey.status === "revoked") return <span className="text-zinc-500">—</span>;
  if (!apiKey.expiresAt) return <span className="text-zinc-500">Never</span>;
  const soon = apiKey.expiresAt.getTime() - now <= EXPIRING_SOON_MS && apiKey.expiresAt.getTime() > now;
  const label = apiKey.status === "rotating_out" ? `rotating out ${relativeTime(apiKey.expiresAt, now)}` : apiKey.expiresAt.getTime() <= now ? `expired ${relativeTime(apiKey.expiresAt, now)}` : `expires ${relativeTime(apiKey.expiresAt, now)}`;
  return (
    <span className={soon ? "font-medium text-amber-700" : undefined} title={formatDateTime(apiKey.expiresAt)}>
      {soon && <span aria-hidden="true">⚠ </span>}
      {label}
    </span>
  );
}

export function LastUsedText({ lastUsedAt, now }: { lastUsedAt: Date | null; now: number }) {
  return lastUsedAt ? <span title={formatDateTime(lastUsedAt)}>{relativeTime(lastUsedAt, now)}</span> : <span className="text-zinc-500 italic">never</span>;
}

export function KeysTable({ keys, now, caption }: { keys: ApiKeyView[]; now: number; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: "Name" },
        { label: "Environment" },
        { label: "Scopes", className: "hidden lg:table-cell" },
        { label: "Owner", className: "hidden lg:table-cell" },
        { label: "Created", className: "hidden md:table-cell" },
        { label: "Expires" },
        { label: "Last used", className: "hidden md:table-cell" },
        { label: "Status" },
      ]}
    >
          {keys.map((key) => (
            <tr key={key.id} className="align-top hover:bg-zinc-50">
              <td className="px-4 py-3">
                <Link href={`/keys/${key.id}`} className="font-medium text-brand-700 hover:underline">
                  {key.name}
                </Link>
                <div className="font-mono text-xs whitespace-nowrap text-zinc-500">{key.hint}</div>
              </td>
              <td className="px-4 py-3">
                <EnvironmentBadge environment={key.environment} />
              </td>
              <td className="hidden px-4 py-3 lg:table-cell">
                <ScopesSummary preset={key.preset} scopes={key.scopes} />
              </td>
              <td className="hidden max-w-48 truncate px-4 py-3 lg:table-cell" title={key.owner.email}>
                {key.owner.email}
              </td>
              <td className="hidden px-4 py-3 whitespace-nowrap md:table-cell">{formatDateTime(key.createdAt)}</td>
              <td className="px-4 py-3">
                <ExpiryText apiKey={key} now={now} />
              </td>
              <td className="hidden px-4 py-3 md:table-cell">
                <LastUsedText lastUsedAt={key.lastUsedAt} now={now} />
              </td>
              <td className="px-4 py-3">
                <StatusBadge status={key.status} />
              </td>
            </tr>
          ))}
    </DataTable>
  );
}
