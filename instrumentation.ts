// Runs once when the server starts: refuse to serve with an incomplete
// configuration, so the operator sees the problem at start, not at the first
// sign-in; and take over shutdown, so buffered usage is written before exit.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnIncompleteServerEnv } = await import("./lib/runtime/check-server-env");
  exitOnIncompleteServerEnv();
  const { installGracefulShutdown } = await import("./lib/runtime/shutdown");
  installGracefulShutdown();
  const { scheduleUsageCompaction } = await import("./lib/usage/compact-usage");
  scheduleUsageCompaction();
  // Connect to Redis now (when REDIS_URL is set) rather than at the first request.
  const { warmUpRateLimiter } = await import("./lib/rate-limit/enforce-rate-limit");
  await warmUpRateLimiter();
}
