// Throughput and latency of two endpoints under the same load, measured side by
// side: both are warmed up, then measured in alternating rounds (A B B A, then
// B A A B, …), so that a drift over the run (JIT warming up, CPU frequency, a
// background task) affects both alike.
import { readFileSync } from "node:fs";
import { BenchFailure } from "./failure";
import { cpuTimeMs } from "../process";
import { currentGenerator, generateLoad, pooledPercentile } from "./load-generator";

/** `baseUrl`: another server than the comparison's own (to compare two servers side by side). */
export type Endpoint = { name: string; path: string; headers?: Record<string, string>; baseUrl?: string };
export type LoadSettings = { connections: number; warmupSeconds: number; roundSeconds: number; roundsPerEndpoint: number };
export type LoadResult = {
  requestsPerSecond: number;
  /** The server's CPU time per 2xx response (all its threads), in µs; null when not measured. */
  serverCpuUsPerRequest: number | null;
  /** Each measured round's own rate, in the order run: their spread shows how noisy the machine was. */
  roundsPerSecond: number[];
  p50Ms: number;
  p99Ms: number;
  responses: number;
  seconds: number;
};
export type Comparison = {
  a: LoadResult;
  b: LoadResult;
  /** Rate of b / rate of a within each block of four adjacent rounds: how far the ratio itself wanders. */
  blockRatios: number[];
  /** Share of CPU time the hypervisor gave to other guests while measuring (Linux); null where unknown. */
  cpuSteal: number | null;
};

export type Round = { endpoint: Endpoint; ok: number; seconds: number; quantilesMs: number[]; unexpected: string | null; serverCpuMs: number | null };

/** Measures `a` and `b` for roundsPerEndpoint × roundSeconds each, after a warm-up of each. */
export async function compareEndpoints(
  baseUrl: string,
  a: Endpoint,
  b: Endpoint,
  settings: LoadSettings,
  checkpoint: () => void,
  /**
   * The server's process: its CPU time per request is also measured. Unlike
   * requests/s, that hardly moves when other work on the machine takes CPU
   * away from the server, so it is the steadier figure on a shared machine.
   */
  serverPid?: number,
): Promise<Comparison> {
  await warmUp(baseUrl, [a, b], settings.connections, settings.warmupSeconds, checkpoint);
  const cpuBefore = readCpuTimes();
  const rounds: Round[] = [];
  for (const endpoint of roundOrder(a, b, settings.roundsPerEndpoint)) {
    const round = await runRound(baseUrl, endpoint, settings.connections, settings.roundSeconds, serverPid);
    checkpoint();
    // A failing endpoint answers fast; its numbers would look great and mean nothing.
    if (round.unexpected) throw new BenchFailure(`${endpoint.name} (${endpoint.path}) did not answer 2xx throughout: ${round.unexpected}`);
    rounds.push(round);
  }
  const of = (endpoint: Endpoint, list: Round[]) => list.filter((round) => round.endpoint === endpoint);
  const blocks = Array.from({ length: rounds.length / 4 }, (_, i) => rounds.slice(4 * i, 4 * i + 4));
  return {
    a: combine(of(a, rounds)),
    b: combine(of(b, rounds)),
    blockRatios: blocks.map((block) => rate(of(b, block)) / rate(of(a, block))),
    cpuSteal: stealShare(cpuBefore, readCpuTimes()),
  };
}

/** a b b a, b a a b, a b b a, …: each pair of blocks cancels a linear drift and which endpoint goes first. */
export function roundOrder<T>(a: T, b: T, roundsPerEndpoint: number): T[] {
  if (roundsPerEndpoint < 2 || roundsPerEndpoint % 2 !== 0) throw new Error("roundsPerEndpoint must be even and at least 2.");
  return Array.from({ length: roundsPerEndpoint / 2 }, (_, block) => (block % 2 === 0 ? [a, b, b, a] : [b, a, a, b])).flat();
}

/** Load that is not measured: lets JIT compilation, caches and connection pools settle first. */
export async function warmUp(baseUrl: string, endpoints: Endpoint[], connections: number, seconds: number, checkpoint: () => void) {
  for (const endpoint of endpoints) {
    await runRound(baseUrl, endpoint, connections, seconds);
    checkpoint();
  }
}

export async function runRound(baseUrl: string, endpoint: Endpoint, connections: number, seconds: number, serverPid?: number): Promise<Round> {
  const cpuBefore = serverPid ? cpuTimeMs(serverPid) : null;
  const run = await generateLoad(currentGenerator(), (endpoint.baseUrl ?? baseUrl) + endpoint.path, connections, seconds, endpoint.headers);
  const failures = run.non2xx + run.errors;
  return {
    endpoint,
    ok: run.ok,
    seconds: run.seconds,
    quantilesMs: run.quantilesMs,
    serverCpuMs: cpuBefore === null ? null : cpuTimeMs(serverPid!)! - cpuBefore,
    unexpected: failures > 0 ? `${run.non2xx} non-2xx, ${run.errors} errors (${run.timeouts} timeouts); status codes: ${run.statusCodes}` : null,
  };
}

function rate(rounds: Round[]): number {
  return rounds.reduce((sum, round) => sum + round.ok, 0) / rounds.reduce((sum, round) => sum + round.seconds, 0);
}

export function combine(rounds: Round[]): LoadResult {
  const cpuMs = rounds.every((round) => round.serverCpuMs !== null) ? rounds.reduce((sum, round) => sum + round.serverCpuMs!, 0) : null;
  const responses = rounds.reduce((sum, round) => sum + round.ok, 0);
  return {
    requestsPerSecond: rate(rounds),
    serverCpuUsPerRequest: cpuMs === null || responses === 0 ? null : (cpuMs * 1000) / responses,
    roundsPerSecond: rounds.map((round) => round.ok / round.seconds),
    p50Ms: pooledPercentile(rounds, 50),
    p99Ms: pooledPercentile(rounds, 99),
    responses: rounds.reduce((sum, round) => sum + round.ok, 0),
    seconds: rounds.reduce((sum, round) => sum + round.seconds, 0),
  };
}

type CpuTimes = { total: number; steal: number };

/** The machine's cumulative CPU time from /proc/stat's first line (user nice system idle iowait irq softirq steal …). */
function readCpuTimes(): CpuTimes | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((sum, value) => sum + value, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

function stealShare(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (!before || !after || after.total === before.total) return null;
  return (after.steal - before.steal) / (after.total - before.total);
}
