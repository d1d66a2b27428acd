// Runs once when the server starts: refuse to serve with an incomplete
// configuration, so the operator sees the problem at start, not at the first
// sign-in; open the process's services (database, Redis, the key-change
// listener, the usage recorder…) before the first request; take over
// shutdown, so buffered usage is written before exit; and hand Keyward's own
// server the /api/v1 routes it answers in front of Next (lib/server/direct-routes.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnIncompleteServerEnv } = await import("./lib/runtime/check-server-env");
  exitOnIncompleteServerEnv();
  const { services } = await import("./lib/runtime/services");
  await services().start();
  const { installGracefulShutdown } = await import("./lib/runtime/shutdown");
  installGracefulShutdown();
  const { scheduleUsageCompaction } = await import("./lib/usage/compact-usage");
  scheduleUsageCompaction();
  const [{ publishDirectRoutes }, { matchV1Route }] = await Promise.all([import("./lib/server/direct-routes"), import("./lib/api/v1/route-table")]);
  publishDirectRoutes(matchV1Route);
}
