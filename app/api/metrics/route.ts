import { serverEnv } from "@/lib/env";
import { metricsResponse } from "@/lib/observability/metrics-endpoint";

// Read on every scrape, never prerendered or cached.
export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return metricsResponse(request, serverEnv().METRICS_TOKEN);
}
