// The app server process: Keyward's server (lib/server) around Next's handler.
// Started by `npm start` (production) and `npm run dev` (with --dev), which
// boot the database first and pass its URL in the environment.
import { launcherEnv } from "../lib/env";
import { logger } from "../lib/logging/logger";
import { drainOnSignals, startKeywardServer } from "../lib/server/keyward-server";

const dev = process.argv.includes("--dev");
// The app (instrumentation.ts) leaves signals to this server, which drains first.
process.env.KEYWARD_SERVER = "1";
try {
  const env = launcherEnv();
  const server = await startKeywardServer({
    dev,
    port: env.PORT,
    hostname: env.HOST,
    trustedProxies: env.TRUSTED_PROXIES,
    requestTimeoutMs: env.KEYWARD_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: env.KEYWARD_HEADERS_TIMEOUT_MS,
    maxInFlight: env.KEYWARD_MAX_IN_FLIGHT,
  });
  drainOnSignals(server, { drainMs: env.KEYWARD_DRAIN_MS, delayMs: env.KEYWARD_DRAIN_DELAY_MS, log: (line) => logger().info(line) });
  logger().info(`[keyward] listening on port ${env.PORT}${env.TRUSTED_PROXIES ? ` (trusted proxies: ${env.TRUSTED_PROXIES})` : ""}`);
} catch (error) {
  console.error(`\nKeyward could not start its server: ${(error as Error).message}\n`);
  process.exit(1);
}
