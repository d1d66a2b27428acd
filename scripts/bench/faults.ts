// Issue 10's figures, on a Keyward server of its own whose PostgreSQL goes
// through a proxy the bench can cut, and whose Redis is a redis-server of its
// own that the bench can stop with SIGSTOP:
// - the share of /api/v1/me answered 200 during a 10 s database outage (warm cache);
// - /api/v1/me p99 while Redis hangs, against normal, in alternating rounds;
// - answers per 10,000 requests at 1,000 connections, by status class;
// - the server's resident memory before, during and after those connections.
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { combine, runRound, type Endpoint, type Round } from "./http-load";
import { CuttableProxy } from "./tcp-proxy";
import { residentMb } from "../process";

export type FaultsResult = {
  outage: { seconds: number; answered: number; ok200: number; byStatus: Record<string, number> };
  redisHang: { normalP99Ms: number; hangP99Ms: number; normalP50Ms: number; hangP50Ms: number } | null;
  overload: { connections: number; total: number; byStatus: Record<string, number>; errors: number };
  /** Resident memory (MB) of the server: before the 1,000 connections, at their peak, and when it settled after them. */
  memory: { beforeMb: number; peakMb: number; settledMb: number; settledAfterSeconds: number } | null;
};

export async function measureFaults(options: {
  databaseUrl: string;
  /** Resolves with the server's process id. */
  startServer: (port: number, env: Record<string, string>) => Promise<number>;
  me: Endpoint;
  port: number;
  proxyPort: number;
  redisPort: number;
  redisBinary: string | null;
  log: (line: string) => void;
  checkpoint: () => void;
  onShutdown: (label: string, stop: () => Promise<void>) => void;
}): Promise<FaultsResult> {
  const target = new URL(options.databaseUrl);
  const proxy = new CuttableProxy(options.proxyPort, { host: target.hostname, port: Number(target.port || 5432) });
  await proxy.up();
  options.onShutdown("stop the database proxy", () => proxy.down());
  const proxied = new URL(options.databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(options.proxyPort);

  let redis: ReturnType<typeof spawn> | null = null;
  if (options.redisBinary) {
    redis = spawn(options.redisBinary, ["--port", String(options.redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    options.onShutdown("stop the bench's redis-server", async () => {
      redis!.kill("SIGCONT");
      redis!.kill("SIGKILL");
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const pid = await options.startServer(options.port, {
    DATABASE_URL: proxied.toString(),
    ...(redis ? { REDIS_URL: `redis://127.0.0.1:${options.redisPort}` } : {}),
  });
  await runRound(baseUrl, options.me, 8, 2); // warm: the key is in the cache
  options.checkpoint();

  // The database outage.
  options.log("  faults: a 10 s database outage under load…");
  const outageLoad = tally(autocannon({ url: baseUrl + options.me.path, headers: options.me.headers, connections: 8, duration: 10 }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  await proxy.down();
  const outage = await outageLoad;
  await proxy.up();
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the server reconnects
  options.checkpoint();

  // Redis hanging.
  let redisHang: FaultsResult["redisHang"] = null;
  if (redis) {
    options.log("  faults: /api/v1/me with Redis answering, and with Redis hung (SIGSTOP)…");
    const normal: Round[] = [];
    const hung: Round[] = [];
    for (let round = 0; round < 3; round++) {
      normal.push(await runRound(baseUrl, options.me, 8, 3));
      redis.kill("SIGSTOP");
      hung.push(await runRound(baseUrl, options.me, 8, 3));
      redis.kill("SIGCONT");
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      options.checkpoint();
    }
    const [a, b] = [combine(normal), combine(hung)];
    redisHang = { normalP99Ms: a.p99Ms, hangP99Ms: b.p99Ms, normalP50Ms: a.p50Ms, hangP50Ms: b.p50Ms };
  }

  // 1,000 connections.
  options.log("  faults: 1,000 connections for 10 s…");
  const beforeMb = residentMb(pid);
  let peakMb = beforeMb ?? 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, residentMb(pid) ?? 0)), 250);
  const overload = await tally(autocannon({ url: baseUrl + options.me.path, headers: options.me.headers, connections: 1_000, duration: 10 }));
  clearInterval(sampler);
  options.checkpoint();
  const memory = beforeMb === null ? null : { beforeMb, peakMb, ...(await settle(pid, beforeMb, options.checkpoint)) };
  return {
    outage: { seconds: 10, answered: outage.total, ok200: outage.byStatus["200"] ?? 0, byStatus: outage.byStatus },
    redisHang,
    overload: { connections: 1_000, total: overload.total, byStatus: overload.byStatus, errors: overload.errors },
    memory,
  };
}

/** Waits (idle, at most 60 s) until memory is back within 10% of `beforeMb`, or stops falling. */
async function settle(pid: number, beforeMb: number, checkpoint: () => void) {
  const started = performance.now();
  let settledMb = residentMb(pid) ?? 0;
  while (settledMb > beforeMb * 1.1 && performance.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    checkpoint();
    settledMb = residentMb(pid) ?? settledMb;
  }
  return { settledMb, settledAfterSeconds: (performance.now() - started) / 1000 };
}

async function tally(instance: ReturnType<typeof autocannon>) {
  const result = await instance;
  const byStatus: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) byStatus[code] = count;
  return { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus, errors: result.errors };
}

export function faultsMarkdown(result: FaultsResult, redisSkipped: string | null): string {
  const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const per10k = (count: number, total: number) => (total ? f((count / total) * 10_000, 1) : "–");
  const statuses = (byStatus: Record<string, number>) => Object.entries(byStatus).map(([code, n]) => `${code}×${f(n)}`).join(", ");
  const { outage, redisHang, overload, memory } = result;
  const fiveXX = Object.entries(overload.byStatus).filter(([code]) => code.startsWith("5") && code !== "503").reduce((sum, [, n]) => sum + n, 0);
  return `## Faults (issue 10)

A Keyward server of its own (same build and database), its PostgreSQL reached through a TCP proxy the bench cuts, and
its Redis a redis-server of its own.

- **Database outage, warm cache**: /api/v1/me with 8 connections for 10 s, PostgreSQL cut after 0.2 s:
  **${outage.answered ? f((outage.ok200 / outage.answered) * 100, 1) : "–"}% answered 200** (${statuses(outage.byStatus)}). Goal: 100%.
- **Redis hung (SIGSTOP)**: ${redisHang ? `/api/v1/me p99 **${f(redisHang.hangP99Ms, 1)} ms** against ${f(redisHang.normalP99Ms, 1)} ms with Redis answering (p50 ${f(redisHang.hangP50Ms, 1)} vs ${f(redisHang.normalP50Ms, 1)} ms), 3 alternating rounds of 3 s. Goal: under 50 ms more.` : redisSkipped}
- **1,000 connections for 10 s** on /api/v1/me: ${f(overload.total)} answers (${statuses(overload.byStatus)}), ${f(overload.errors)} connection errors;
  **${per10k(fiveXX, overload.total)} 5xx other than 503 per 10,000** (goal: 0), ${per10k(overload.byStatus["503"] ?? 0, overload.total)} × 503 per 10,000.
- **Memory around those connections** (the server's resident memory): ${memory ? `${f(memory.beforeMb)} MB before, ${f(memory.peakMb)} MB at the peak, **${f(memory.settledMb)} MB ${f(memory.settledAfterSeconds)} s after** the load stopped (${f((memory.settledMb / memory.beforeMb) * 100)}% of before). Goal: back near the start.` : "not measured: no /proc here."}`;
}
