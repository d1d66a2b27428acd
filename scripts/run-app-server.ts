// The app server's process: Keyward's server (lib/server) around Next's
// handler, configured from the environment, draining on SIGTERM/SIGINT.
// Shared by scripts/serve.ts (run by `npm start`, `npm run dev` and the tests,
// from the project) and scripts/standalone/server.ts (the standalone build's
// server.js), so both serve with the same layer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { launcherEnv } from "../lib/env";
import { logger } from "../lib/logging/logger";
import { drainOnSignals, startKeywardServer } from "../lib/server/keyward-server";

export async function runAppServer(options: { dev: boolean }) {
  // The app (instrumentation.ts) leaves signals to this server, which drains first.
  process.env.KEYWARD_SERVER = "1";
  try {
    if (!options.dev) useBuiltNextConfig();
    const env = launcherEnv();
    const server = await startKeywardServer({
      dev: options.dev,
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
}

/**
 * Serves with the configuration the build was made with (.next/required-server-files.json),
 * as Next's own standalone server.js does, instead of evaluating next.config.mjs again:
 * the standalone build has no next.config.mjs, and with `output: "standalone"` Next
 * warns that "next start" does not work unless this variable is set.
 */
function useBuiltNextConfig() {
  const file = path.join(process.cwd(), ".next", "required-server-files.json");
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(file, "utf8")).config;
  } catch {
    throw new Error(`No production build at ${path.dirname(file)} (run \`npm run build\`).`);
  }
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify({ ...config, distDir: "./.next" });
}
