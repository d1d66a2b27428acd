// Throughput and latency of two endpoints under the same load, measured side by
// side: both are warmed up, then measured in A-B-B-A rounds, so that a drift
// over the run (CPU frequency, caches, a background task) affects both alike.
import autocannon from "autocannon";
import { BenchFailure } from "./failure";
import { summarize } from "./stats";

export type Endpoint = { name: string; path: string; headers?: Record<string, string> };
export type LoadSettings = { connections: number; warmupSeconds: number; roundSeconds: number };
export type LoadResult = { requestsPerSecond: number; p50Ms: number; p99Ms: number; responses: number; seconds: number };

type Round = { ok: number; seconds: number; latenciesMs: number[]; unexpected: string | null };

/** Measures `a` and `b` for 2 × roundSeconds each, in the order a, b, b, a, after a warm-up of each. */
export async function compareEndpoints(
  baseUrl: string,
  a: Endpoint,
  b: Endpoint,
  settings: LoadSettings,
  checkpoint: () => void,
): Promise<[LoadResult, LoadResult]> {
  for (const endpoint of [a, b]) {
    await runRound(baseUrl, endpoint, settings.connections, settings.warmupSeconds);
    checkpoint();
  }
  const rounds = new Map<Endpoint, Round[]>([[a, []], [b, []]]);
  for (const endpoint of [a, b, b, a]) {
    const round = await runRound(baseUrl, endpoint, settings.connections, settings.roundSeconds);
    checkpoint();
    // A failing endpoint answers fast; its numbers would look great and mean nothing.
    if (round.unexpected) throw new BenchFailure(`${endpoint.name} (${endpoint.path}) did not answer 2xx throughout: ${round.unexpected}`);
    rounds.get(endpoint)!.push(round);
  }
  return [combine(rounds.get(a)!), combine(rounds.get(b)!)];
}

async function runRound(baseUrl: string, endpoint: Endpoint, connections: number, seconds: number): Promise<Round> {
  const latenciesMs: number[] = [];
  const instance = autocannon({ url: baseUrl + endpoint.path, connections, duration: seconds, headers: endpoint.headers });
  // autocannon's own histogram has 1 ms resolution; keep every 2xx response time instead.
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
  });
  const result = await instance;
  const failures = result.non2xx + result.errors;
  const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(", ");
  return {
    ok: result["2xx"],
    seconds: result.duration,
    latenciesMs,
    unexpected: failures > 0 ? `${result.non2xx} non-2xx, ${result.errors} errors (${result.timeouts} timeouts); status codes: ${codes}` : null,
  };
}

function combine(rounds: Round[]): LoadResult {
  const responses = rounds.reduce((sum, round) => sum + round.ok, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const latency = summarize(rounds.flatMap((round) => round.latenciesMs));
  return { requestsPerSecond: responses / seconds, p50Ms: latency.p50, p99Ms: latency.p99, responses, seconds };
}
