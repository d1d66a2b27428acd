// Which load generator the bench uses, and which CPUs it and the server get.
//
// wrk (Debian's `wrk`) when it is installed: a small C program, so little of
// the machine goes to making the load. Otherwise autocannon, which runs inside
// the bench's own Node process. Where there are at least two CPUs and
// `taskset`, the generator gets CPU 0 and the app servers the others, so that
// the two do not take turns on one core.
import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export type Generator = {
  kind: "wrk" | "autocannon";
  /** e.g. "wrk 4.1.0" or "autocannon 8.0.0 (in the bench process)". */
  description: string;
  /** `taskset -c` lists, or null when not pinned. */
  generatorCpus: string | null;
  serverCpus: string | null;
};

/** Counts and latency of one run of load against one URL. */
export type LoadRun = {
  ok: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 1,000 evenly spaced quantiles of the 2xx response times, in ms (see quantiles()). */
  quantilesMs: number[];
  statusCodes: string;
};

const QUANTILES = 1000;

let chosen: Generator = { kind: "autocannon", description: "autocannon (in the bench process)", generatorCpus: null, serverCpus: null };

/** The generator chosen at the bench's start (autocannon, unpinned, until then). */
export function currentGenerator(): Generator {
  return chosen;
}

/** Picks wrk or autocannon and the pinning, once, and pins the bench process where autocannon runs in it. */
export function chooseGenerator(autocannonVersion: string): Generator {
  chosen = detectGenerator(autocannonVersion);
  if (chosen.kind === "autocannon" && chosen.generatorCpus) execFileSync("taskset", ["-a", "-p", "-c", chosen.generatorCpus, String(process.pid)], { stdio: "ignore" });
  return chosen;
}

function detectGenerator(autocannonVersion: string): Generator {
  const wrk = versionOf("wrk", ["--version"], /wrk\s+(?:debian\/)?(\S+)/);
  const cpus = os.availableParallelism();
  const pin = cpus >= 2 && versionOf("taskset", ["--version"], /(\S+)$/) !== null;
  return {
    kind: wrk ? "wrk" : "autocannon",
    description: wrk ? `wrk ${wrk}` : `autocannon ${autocannonVersion} (in the bench process)`,
    generatorCpus: pin ? "0" : null,
    serverCpus: pin ? (cpus === 2 ? "1" : `1-${cpus - 1}`) : null,
  };
}

/** `command args` as run on the app server's CPUs. */
export function onServerCpus(command: string, args: string[]): [string, string[]] {
  return chosen.serverCpus ? ["taskset", ["-c", chosen.serverCpus, command, ...args]] : [command, args];
}

export function generateLoad(generator: Generator, url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<LoadRun> {
  return generator.kind === "wrk" ? runWrk(generator, url, connections, seconds, headers) : runAutocannon(url, connections, seconds, headers);
}

async function runAutocannon(url: string, connections: number, seconds: number, headers: Record<string, string>): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  const instance = autocannon({ url, connections, duration: seconds, headers });
  // autocannon's own histogram has 1 ms resolution; keep every 2xx response time instead.
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
  });
  const result = await instance;
  return {
    ok: result["2xx"],
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    quantilesMs: quantiles(latenciesMs),
    statusCodes: Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(", "),
  };
}

function runWrk(generator: Generator, url: string, connections: number, seconds: number, headers: Record<string, string>): Promise<LoadRun> {
  const script = path.join(import.meta.dirname, "wrk-report.lua");
  const args = ["-t", "1", "-c", String(connections), "-d", `${seconds}s`, "--timeout", "10s", "-s", script, url];
  const [command, commandArgs] = generator.generatorCpus ? ["taskset", ["-c", generator.generatorCpus, "wrk", ...args]] : ["wrk", args];
  const env = { ...process.env, ...Object.fromEntries(Object.entries(headers).map(([name, value], i) => [`WRK_HEADER_${i + 1}`, `${name}: ${value}`])) };
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("KEYWARD-WRK "));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (exit ${code}): ${out.slice(-500)}`));
      const [requests, durationUs, non2xx, errors, timeouts, list] = line.slice("KEYWARD-WRK ".length).split(" ");
      resolve({
        // wrk counts every response as a request and counts status ≥ 400 apart: the rest are the 2xx (the bench's routes never redirect).
        ok: Number(requests) - Number(non2xx),
        seconds: Number(durationUs) / 1e6,
        non2xx: Number(non2xx),
        errors: Number(errors),
        timeouts: Number(timeouts),
        quantilesMs: list!.split(",").map((us) => Number(us) / 1000),
        statusCodes: `${Number(non2xx)} with status ≥ 400`,
      });
    });
  });
}

/** The 1,000 quantiles at (i + 0.5) / 1,000 of raw samples (what wrk's script reports). */
export function quantiles(samples: readonly number[]): number[] {
  if (samples.length === 0) return [];
  const sorted = [...samples].sort((a, b) => a - b);
  return Array.from({ length: QUANTILES }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) / QUANTILES) * sorted.length))]!);
}

/** The p-th percentile (0–100) of several runs pooled, each run's quantiles weighted by its number of responses. */
export function pooledPercentile(runs: { ok: number; quantilesMs: number[] }[], p: number): number {
  const points = runs.flatMap((run) => run.quantilesMs.map((value) => ({ value, weight: run.ok / run.quantilesMs.length })));
  if (points.length === 0) return Number.NaN;
  points.sort((a, b) => a.value - b.value);
  const total = points.reduce((sum, point) => sum + point.weight, 0);
  let seen = 0;
  for (const point of points) {
    seen += point.weight;
    if (seen >= (p / 100) * total) return point.value;
  }
  return points[points.length - 1]!.value;
}

function versionOf(command: string, args: string[], pattern: RegExp): string | null {
  try {
    const out = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return pattern.exec(out.split("\n")[0]!.trim())?.[1] ?? "";
  } catch (error) {
    // wrk --version prints its banner and exits 1.
    const out = String((error as { stdout?: string }).stdout ?? "");
    return (error as { code?: string }).code === "ENOENT" ? null : (pattern.exec(out.split("\n")[0]!.trim())?.[1] ?? "");
  }
}
