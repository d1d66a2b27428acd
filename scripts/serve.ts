// The app server process: Keyward's server (lib/server) around Next's handler.
// Started by `npm start` (production) and `npm run dev` (with --dev), which
// boot the database first and pass its URL in the environment.
import { drainOnSignals, startKeywardServer } from "../lib/server/keyward-server";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const ms = (name: string, fallback: number) => Number(process.env[name]) || fallback;
// The app (instrumentation.ts) leaves signals to this server, which drains first.
process.env.KEYWARD_SERVER = "1";
try {
  const server = await startKeywardServer({
    dev,
    port,
    hostname: process.env.HOST || undefined,
    trustedProxies: process.env.TRUSTED_PROXIES,
    requestTimeoutMs: ms("KEYWARD_REQUEST_TIMEOUT_MS", 30_000),
    headersTimeoutMs: ms("KEYWARD_HEADERS_TIMEOUT_MS", 10_000),
    maxInFlight: ms("KEYWARD_MAX_IN_FLIGHT", 256),
  });
  drainOnSignals(server, { drainMs: ms("KEYWARD_DRAIN_MS", 10_000), delayMs: ms("KEYWARD_DRAIN_DELAY_MS", 0), log: (line) => console.log(line) });
  console.log(`[keyward] listening on port ${port}${process.env.TRUSTED_PROXIES ? ` (trusted proxies: ${process.env.TRUSTED_PROXIES})` : ""}`);
} catch (error) {
  console.error(`\nKeyward could not start its server: ${(error as Error).message}\n`);
  process.exit(1);
}
