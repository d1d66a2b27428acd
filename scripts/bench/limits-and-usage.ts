// The cost of rate limiting and usage recording, per backend: /api/v1/me (key
// check + rate limit + usage) against /api/ping on a server with in-memory
// limits and on one with Redis, and how many database transactions the usage
// recording costs per 10,000 requests (the goal: one flush per interval, never
// one write per request).
import type pg from "pg";
import { compareEndpoints, type Comparison, type Endpoint, type LoadSettings } from "./http-load";

export type BackendResult = {
  backend: "memory" | "redis";
  comparison: Comparison;
  meRequests: number;
  measuredSeconds: number;
  /** Transactions committed in the database while measuring (autovacuum's included), per 10,000 /me requests. */
  transactionsPer10k: number;
  transactions: number;
  /** Rows the usage flushes inserted or updated in usage_rollups: one per flush for one key, route and status. */
  rollupWrites: number;
  rollupWritesPer10k: number;
};

/** PostgreSQL reports a backend's counters within 10 s of its last activity: wait that long before reading them. */
const STATS_SETTLE_MS = 11_000;

export async function measureBackend(
  backend: BackendResult["backend"],
  baseUrl: string,
  endpoints: [Endpoint, Endpoint],
  settings: LoadSettings,
  admin: pg.Client,
  checkpoint: () => void,
): Promise<BackendResult> {
  await sleep(STATS_SETTLE_MS);
  const before = await counters(admin);
  const comparison = await compareEndpoints(baseUrl, endpoints[0], endpoints[1], settings, checkpoint);
  await sleep(STATS_SETTLE_MS);
  const after = await counters(admin);
  // Our own reads of the counters are transactions too.
  const transactions = after.transactions - before.transactions - 2;
  const rollupWrites = after.rollupWrites - before.rollupWrites;
  const meRequests = comparison.b.responses;
  // The warm-up's requests are recorded too: count them with the measured ones.
  const warmupRequests = comparison.b.requestsPerSecond * settings.warmupSeconds;
  return {
    backend,
    comparison,
    meRequests,
    measuredSeconds: comparison.b.seconds + comparison.a.seconds + settings.warmupSeconds * 2,
    transactions,
    transactionsPer10k: (transactions / (meRequests + warmupRequests)) * 10_000,
    rollupWrites,
    rollupWritesPer10k: (rollupWrites / (meRequests + warmupRequests)) * 10_000,
  };
}

async function counters(admin: pg.Client): Promise<{ transactions: number; rollupWrites: number }> {
  await admin.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await admin.query<{ transactions: string; rollup_writes: string }>(
    `SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS transactions,
            (SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'usage_rollups') AS rollup_writes`,
  );
  return { transactions: Number(rows[0]!.transactions), rollupWrites: Number(rows[0]!.rollup_writes) };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function backendsMarkdown(results: BackendResult[], skipped: string | null): string {
  const lines = [
    "| Backend | ping req/s | me req/s | me / ping | Goal | Met | /me requests | usage_rollups rows written | per 10,000 requests | all DB transactions | 2 s intervals |",
    "| :-- | --: | --: | --: | :-- | :-- | --: | --: | --: | --: | --: |",
    ...results.map((r) => {
      const ratio = r.comparison.b.requestsPerSecond / r.comparison.a.requestsPerSecond;
      const goal = r.backend === "redis" ? "≥ 0.85" : "";
      const met = r.backend === "redis" ? (ratio >= 0.85 ? "yes" : "NO") : "";
      return `| ${r.backend} | ${Math.round(r.comparison.a.requestsPerSecond)} | ${Math.round(r.comparison.b.requestsPerSecond)} | ${ratio.toFixed(3)} | ${goal} | ${met} | ${Math.round(r.meRequests)} | ${r.rollupWrites} | ${r.rollupWritesPer10k.toFixed(1)} | ${r.transactions} | ${Math.ceil(r.measuredSeconds / 2)} |`;
    }),
  ];
  return `${lines.join("\n")}${skipped ? `\n\nRedis: ${skipped}` : ""}`;
}
