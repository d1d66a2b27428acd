import type { ApiKeyStatus } from "@/lib/api-keys/key-view";

const STATUS: Record<ApiKeyStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  expiring: { label: "Expiring", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  rotating_out: { label: "Rotating out", className: "bg-sky-50 text-sky-800 ring-sky-200" },
  expired: { label: "Expired", className: "bg-zinc-100 text-zinc-700 ring-zinc-200" },
  revoked: { label: "Revoked", className: "bg-red-50 text-red-800 ring-red-200" },
};

export const STATUS_LABELS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.label])) as Record<ApiKeyStatus, string>;

function Badge({ className, children }: { className: string; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${className}`}>{children}</span>;
}

export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  return <Badge className={STATUS[status].className}>{STATUS[status].label}</Badge>;
}

export function EnvironmentBadge({ environment }: { environment: "LIVE" | "TEST" }) {
  return environment === "LIVE" ? (
    <Badge className="bg-violet-50 text-violet-800 ring-violet-200">live</Badge>
  ) : (
    <Badge className="bg-zinc-100 text-zinc-700 ring-zinc-200">test</Badge>
  );
}

export function FlagBadge({ children }: { children: React.ReactNode }) {
  return <Badge className="bg-amber-50 text-amber-900 ring-amber-200">{children}</Badge>;
}
