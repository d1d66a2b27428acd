// The app server process: Keyward's server (lib/server) around Next's handler.
// Started by `npm start` (production) and `npm run dev` (with --dev), which
// boot the database first and pass its URL in the environment.
import { startKeywardServer } from "../lib/server/keyward-server";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
try {
  await startKeywardServer({ dev, port, hostname: process.env.HOST || undefined, trustedProxies: process.env.TRUSTED_PROXIES });
  console.log(`[keyward] listening on port ${port}${process.env.TRUSTED_PROXIES ? ` (trusted proxies: ${process.env.TRUSTED_PROXIES})` : ""}`);
} catch (error) {
  console.error(`\nKeyward could not start its server: ${(error as Error).message}\n`);
  process.exit(1);
}
