import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/coming-soon";
import { requireDashboardContext } from "@/lib/organizations/current";

export const metadata: Metadata = { title: "Keys" };

export default async function KeysPage() {
  await requireDashboardContext("/keys");
  return <ComingSoon title="Keys">Creating, rotating and revoking API keys arrives in the next release.</ComingSoon>;
}
