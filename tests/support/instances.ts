// What the several-instances tests (multi-instance, pgbouncer) ask of a fleet
// of app servers: a revoke made anywhere is refused everywhere, and usage
// counted by each adds up.
import { getPrisma } from "@/lib/db/prisma";
import type { AppServer } from "./app-server";

export const callMe = (server: AppServer, key: string) => fetch(`${server.url}/api/v1/me`, { headers: { "x-api-key": key } });

/**
 * Runs `change` (a revoke), then polls every server until it refuses the key
 * with 401. Returns the milliseconds from the start of `change` until the last
 * server refused; throws if one still accepts after `giveUpMs`, so that a
 * slow machine reports its figure rather than a bare failure.
 */
/**
 * Makes the change, then waits until every server refuses the key (401, or `answer`: 403 for an
 * IP allowlist, 200 for a change that lets it in again); returns how long that took.
 * It gives up at 30 s, half the verification cache's 60 s lifetime: a pass proves the change
 * notification reached each server. How fast it was (well under a second on an idle machine)
 * depends on how busy the machine is, so callers log it rather than assert it.
 */
export async function msUntilRefusedEverywhere(servers: AppServer[], secret: string, change: () => Promise<unknown>, giveUpMs = 30_000, answer = 401): Promise<number> {
  const start = Date.now();
  await change();
  const refusedAt = await Promise.all(
    servers.map(async (server) => {
      while ((await callMe(server, secret)).status !== answer) {
        if (Date.now() - start > giveUpMs) throw new Error(`${server.url} still did not answer ${answer} for the key ${giveUpMs} ms after the change`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return Date.now() - start;
    }),
  );
  return Math.max(...refusedAt);
}

/** Sends perServer[i] concurrent requests with the key to servers[i]; every one must be served. */
export async function spreadRequests(servers: AppServer[], secret: string, perServer: number[]) {
  for (const [index, server] of servers.entries()) {
    const statuses = await Promise.all(Array.from({ length: perServer[index] ?? 0 }, () => callMe(server, secret).then((r) => r.status)));
    if (statuses.some((status) => status !== 200)) throw new Error(`${server.url} answered ${statuses.join(", ")}`);
  }
}

/**
 * Sends perServer[i] requests to servers[i] with a new key, stops every server
 * (which writes buffered usage: the tests use a long flush interval), and
 * returns that key's usage roll-ups.
 */
export async function usageRowsAfterStopping(servers: AppServer[], issue: () => Promise<{ apiKey: { id: string }; secret: string }>, perServer: number[]) {
  const { apiKey, secret } = await issue();
  await spreadRequests(servers, secret, perServer);
  await Promise.all(servers.map((server) => server.stop()));
  const rows = await getPrisma().usageRollup.findMany({ where: { apiKeyId: apiKey.id } });
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}
