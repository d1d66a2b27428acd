import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ApiKeyStatus } from "@/lib/api-keys/key-view";

const STATUS: Record<ApiKeyStatus, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "success" },
  expiring: { label: "Expiring", tone: "warning" },
  rotating_out: { label: "Rotating out", tone: "info" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
};

export const STATUS_LABELS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.label])) as Record<ApiKeyStatus, string>;

export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

export function EnvironmentBadge({ environment }: { environment: "LIVE" | "TEST" }) {
  return environment === "LIVE" ? <Badge tone="brand">live</Badge> : <Badge tone="neutral">test</Badge>;
}

export function FlagBadge({ children }: { children: React.ReactNode }) {
  return <Badge tone="warning">{children}</Badge>;
}
