import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/coming-soon";
import { requireDashboardContext } from "@/lib/organizations/current";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireDashboardContext("/settings");
  return <ComingSoon title="Settings">Organization name, members and key policy arrive in a later release.</ComingSoon>;
}
