import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/coming-soon";
import { requireDashboardContext } from "@/lib/organizations/current";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  await requireDashboardContext("/audit-log");
  return <ComingSoon title="Audit log">A searchable record of who created, rotated and revoked which key arrives in a later release.</ComingSoon>;
}
