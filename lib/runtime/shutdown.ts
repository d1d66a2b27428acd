// Graceful shutdown of an app server: on SIGTERM or SIGINT, write the usage
// still buffered, then close connections and exit (lib/runtime/services.ts
// stops them in that order).
//
// Next.js's own signal handler exits at once, so Keyward takes over the
// signals when NEXT_MANUAL_SIG_HANDLE=1 (set by `npm start`; set it yourself
// when running `next start` directly). Without it, up to 2 seconds of usage
// can be lost on shutdown, and the server says so when it starts.
import { launcherEnv } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { stopServices } from "./services";

export function installGracefulShutdown() {
  const env = launcherEnv();
  // Under Keyward's own server (npm start), the server owns the signals: it
  // drains requests first and then stops the services itself.
  if (env.KEYWARD_SERVER) return;
  if (!env.NEXT_MANUAL_SIG_HANDLE) {
    logger().warn("[keyward] NEXT_MANUAL_SIG_HANDLE is not 1: usage recorded in the last 2 seconds before a shutdown may be lost.");
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stopServices().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
