import type { ReactNode } from "react";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { getDashboardContext } from "@/lib/organizations/current";

// Each page checks the session itself (requireDashboardContext), because only
// the page knows its own path to return to after sign-in.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const context = await getDashboardContext();
  if (!context) return children;
  return <DashboardShell context={context}>{children}</DashboardShell>;
}
