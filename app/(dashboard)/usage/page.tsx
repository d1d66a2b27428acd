import type { Metadata } from "next";
import { ComingSoon } from "@/components/dashboard/coming-soon";
import { requireDashboardContext } from "@/lib/organizations/current";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  await requireDashboardContext("/usage");
  return <ComingSoon title="Usage">Request counts, latency and rate-limit charts per key arrive in a later release.</ComingSoon>;
}
