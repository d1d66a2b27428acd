// Graceful shutdown of an app server: on SIGTERM or SIGINT, write the usage
// still buffered, then close connections and exit.
//
// Next.js's own signal handler exits at once, so Keyward takes over the
// signals when NEXT_MANUAL_SIG_HANDLE=1 (set by `npm start`; set it yourself
// when running `next start` directly). Without it, up to 2 seconds of usage
// can be lost on shutdown, and the server says so when it starts.
import { stopKeyVerification } from "@/lib/api-keys/verify-api-key";
import { getPrisma } from "@/lib/db/prisma";
import { closeRedis } from "@/lib/redis/client";
import { existingUsageRecorder } from "@/lib/usage/usage-recorder";

export function installGracefulShutdown() {
  // Under Keyward's own server (npm start), the server owns the signals: it
  // drains requests first and then calls this process's shutDown (via globalThis,
  // since it lives outside Next's bundle).
  if (process.env.KEYWARD_SERVER === "1") {
    (globalThis as { keywardShutDown?: () => Promise<void> }).keywardShutDown = shutDown;
    return;
  }
  if (process.env.NEXT_MANUAL_SIG_HANDLE !== "1") {
    console.warn("[keyward] NEXT_MANUAL_SIG_HANDLE is not 1: usage recorded in the last 2 seconds before a shutdown may be lost.");
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void shutDown().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

export async function shutDown() {
  await existingUsageRecorder()?.close();
  await Promise.allSettled([stopKeyVerification(), closeRedis(), getPrisma().$disconnect()]);
}
