// Liveness: answers without touching the database or checking anything, for
// load balancers (readiness is /api/health). The benchmark also uses it as the
// "does nothing" baseline for /api/v1's throughput.
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
