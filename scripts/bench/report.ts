// One table of every figure, per key count side by side, with the 1M / 1k
// ratio and the goal each figure is held to; printed as text and written as
// Markdown (bench/results.md) with the machine and the exact settings.
import type { FillResult } from "./database";
import { roundOrder, type LoadResult, type LoadSettings } from "./http-load";
import type { HashingCost, VerifyCost } from "./verify-cost";
import type { Generator } from "./load-generator";

export type ScaleResult = {
  keys: number;
  fill: FillResult;
  ping: LoadResult;
  me: LoadResult;
  /** me / ping within each block of four adjacent rounds. */
  meOverPingBlocks: number[];
  cpuSteal: number | null;
  verify: VerifyCost;
  hashing: HashingCost;
};

export type RunInfo = {
  date: Date;
  totalSeconds: number;
  build: { built: boolean; seconds: number };
  machine: { nproc: string; cpu: string; memoryGiB: number; os: string; node: string; loadBefore: number };
  versions: { postgres: string; next: string; autocannon: string; bcryptjs: string };
  database: string;
  generator: Generator;
  port: number;
  http: LoadSettings;
  serverWarmupSeconds: number;
  verifyIterations: number;
  hmacCalls: number;
  bcryptCalls: Record<number, number>;
};

type Goal = { text: string; met: (values: number[]) => boolean };
type Row = { label: string; value: (scale: ScaleResult) => number; format: (value: number) => string; goal?: Goal };

const WITHIN_10_PERCENT: Goal = { text: "ratio within ±10%", met: (values) => Math.abs(ratio(values) - 1) <= 0.1 };

const int = (value: number) => Math.round(value).toLocaleString("en-US");
const fixed = (digits: number) => (value: number) => value.toFixed(digits);
const times = (value: number) => `×${int(value)}`;
const orNa = (format: (value: number) => string) => (value: number) => (Number.isNaN(value) ? "n/a" : format(value));
const compact = (value: number) => (value >= 1e6 ? `${value / 1e6}M` : value >= 1e3 ? `${value / 1e3}k` : String(value));

function ratio(values: number[]): number {
  return values[values.length - 1]! / values[0]!;
}

function bcryptOf(scale: ScaleResult, cost: number): number {
  const entry = scale.hashing.bcrypt.find((b) => b.cost === cost);
  if (!entry) throw new Error(`no bcrypt cost ${cost} measured`);
  return entry.micros;
}

function rows(bcryptCosts: number[]): Row[] {
  return [
    { label: "GET /api/ping (baseline) req/s", value: (s) => s.ping.requestsPerSecond, format: int },
    { label: "GET /api/ping p50 ms", value: (s) => s.ping.p50Ms, format: fixed(2) },
    { label: "GET /api/ping p99 ms", value: (s) => s.ping.p99Ms, format: fixed(2) },
    { label: "GET /api/v1/me req/s", value: (s) => s.me.requestsPerSecond, format: int, goal: WITHIN_10_PERCENT },
    { label: "GET /api/v1/me p50 ms", value: (s) => s.me.p50Ms, format: fixed(2), goal: WITHIN_10_PERCENT },
    { label: "GET /api/v1/me p99 ms", value: (s) => s.me.p99Ms, format: fixed(2) },
    {
      label: "throughput me / ping",
      value: (s) => s.me.requestsPerSecond / s.ping.requestsPerSecond,
      format: fixed(3),
      goal: { text: "≥ 0.90 at each size", met: (values) => values.every((v) => v >= 0.9) },
    },
    { label: "me / ping, lowest block of 4 rounds", value: (s) => Math.min(...s.meOverPingBlocks), format: fixed(3) },
    { label: "me / ping, highest block of 4 rounds", value: (s) => Math.max(...s.meOverPingBlocks), format: fixed(3) },
    { label: "CPU steal during the HTTP rounds %", value: (s) => (s.cpuSteal ?? Number.NaN) * 100, format: orNa(fixed(1)) },
    { label: "verifyApiKey, warm cache p50 µs", value: (s) => s.verify.hit.p50 * 1000, format: fixed(1) },
    { label: "verifyApiKey, warm cache p99 µs", value: (s) => s.verify.hit.p99 * 1000, format: fixed(1) },
    { label: "verifyApiKey, cache miss p50 µs", value: (s) => s.verify.miss.p50 * 1000, format: int, goal: WITHIN_10_PERCENT },
    { label: "verifyApiKey, cache miss p99 µs", value: (s) => s.verify.miss.p99 * 1000, format: int },
    {
      label: "added cost of a miss at p50 µs",
      value: (s) => (s.verify.miss.p50 - s.verify.hit.p50) * 1000,
      format: int,
      goal: { text: "≤ 1,000 µs at each size", met: (values) => values.every((v) => v <= 1000) },
    },
    { label: "verifyApiKey, unknown key (no row) p50 µs", value: (s) => s.verify.unknown.p50 * 1000, format: int, goal: WITHIN_10_PERCENT },
    { label: "verifyApiKey, unknown key (no row) p99 µs", value: (s) => s.verify.unknown.p99 * 1000, format: int },
    { label: "HMAC-SHA256 + cache look-up µs/call", value: (s) => s.hashing.oursMicros, format: fixed(2) },
    ...bcryptCosts.flatMap((cost): Row[] => [
      { label: `bcryptjs compare, cost ${cost} µs/call`, value: (s) => bcryptOf(s, cost), format: int },
      { label: `bcrypt ${cost} / HMAC + look-up`, value: (s) => bcryptOf(s, cost) / s.hashing.oursMicros, format: times },
    ]),
  ];
}

type Table = { header: string[]; body: string[][] };

function buildTable(scales: ScaleResult[]): Table {
  const compare = scales.length > 1;
  const ratioHeader = `${compact(scales[scales.length - 1]!.keys)} / ${compact(scales[0]!.keys)}`;
  const header = ["Measure", ...scales.map((s) => `${int(s.keys)} keys`), ...(compare ? [ratioHeader] : []), "Goal", "Met"];
  const body = rows(scales[0]!.hashing.bcrypt.map((b) => b.cost)).map((row) => {
    const values = scales.map(row.value);
    const goalApplies = row.goal && (compare || row.goal !== WITHIN_10_PERCENT);
    return [
      row.label,
      ...values.map(row.format),
      ...(compare ? [ratio(values).toFixed(3)] : []),
      goalApplies ? row.goal!.text : "",
      goalApplies ? (row.goal!.met(values) ? "yes" : "NO") : "",
    ];
  });
  return { header, body };
}

export function textTable(scales: ScaleResult[]): string {
  const { header, body } = buildTable(scales);
  const all = [header, ...body];
  const widths = header.map((_, column) => Math.max(...all.map((line) => [...line[column]!].length)));
  const render = (line: string[]) =>
    line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd();
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(render)].join("\n");
}

export function markdownReport(scales: ScaleResult[], info: RunInfo): string {
  const { header, body } = buildTable(scales);
  const align = header.map((_, column) => (column === 0 || column >= header.length - 2 ? ":--" : "--:"));
  const table = [header, align, ...body].map((line) => `| ${line.join(" | ")} |`).join("\n");
  const { http } = info;
  const order = roundOrder("ping", "me", http.roundsPerEndpoint).join(", ");
  const fills = scales
    .map((s) => `${int(s.fill.rows)} rows (${int(s.fill.inserted)} inserted in ${s.fill.seconds.toFixed(1)} s; api_keys ${s.fill.tableMb.toFixed(1)} MB, hash index ${s.fill.hashIndexMb.toFixed(1)} MB)`)
    .join("; ");
  const bcryptSettings = Object.entries(info.bcryptCalls).map(([cost, calls]) => `cost ${cost}: median of ${calls} calls`).join(", ");
  return `# Keyward benchmark results

Written by \`npm run bench\` (scripts/bench.ts) on ${info.date.toISOString()}; the whole run took ${info.totalSeconds.toFixed(0)} s${info.build.built ? ` (including a ${info.build.seconds.toFixed(0)} s \`next build\`)` : ""}.

## Machine

- ${info.machine.nproc} CPUs (\`nproc\`), ${info.machine.cpu}, ${info.machine.memoryGiB.toFixed(1)} GiB RAM, ${info.machine.os}
- 1-minute load average just before the run: ${info.machine.loadBefore.toFixed(2)} (other work on the machine makes every figure noisier)
- Node.js ${info.machine.node}, PostgreSQL ${info.versions.postgres}, Next.js ${info.versions.next}, autocannon ${info.versions.autocannon}, bcryptjs ${info.versions.bcryptjs}
- Database: ${info.database}

## Settings

- Server: production build, served by Keyward's own server as \`npm start\` runs it (scripts/serve.ts) on 127.0.0.1:${info.port}, NODE_ENV=production,
  logging one JSON line per /api/v1 request (the default), on the same machine.
- Load: ${info.generator.description}, ${http.connections} connections, keep-alive; ${info.generator.generatorCpus ? `pinned with taskset: the generator on CPU ${info.generator.generatorCpus}, the app servers on CPU ${info.generator.serverCpus} (PostgreSQL unpinned)` : "not pinned: the generator shares the CPUs with the server and PostgreSQL"}.
  Once after the server starts, ${info.serverWarmupSeconds} s of unmeasured load per endpoint. Then at each size, per endpoint a ${http.warmupSeconds} s warm-up,
  then ${http.roundsPerEndpoint} rounds of ${http.roundSeconds} s each in the order ${order}: ${http.roundsPerEndpoint * http.roundSeconds} s measured per endpoint.
  Requests/s = 2xx responses / measured seconds; p50/p99 over every 2xx response time. Any non-2xx response or error fails the run.
- \`GET /api/v1/me\` with \`Authorization: Bearer <key>\`: one TEST key with the full-access preset, expiring in 30 days (the secret is never printed or stored).
- \`verifyApiKey\` in the bench process (same code and Prisma pool settings as the app), after an unmeasured half-length warm-up: ${int(info.verifyIterations)} pairs of calls, warm then miss,
  the miss forced by evicting the key from the cache outside the timed call; then ${int(info.verifyIterations)} calls with distinct well-formed keys that do not exist
  ("unknown key": misses that read random paths of the hash index, where the same key's misses reread the same pages).
- HMAC-SHA256 (\`hashApiKey\` with the pepper) + hex + look-up in a full 10,000-entry \`VerificationCache\`: mean of ${int(info.hmacCalls)} calls.
  bcryptjs \`compare\` of the key against its bcrypt hash: ${bcryptSettings}.
- Key counts are rows in api_keys: ${fills}. Filled with one \`INSERT … SELECT generate_series\` (random 32-byte hashes), then \`VACUUM (ANALYZE) api_keys\` and \`CHECKPOINT\`.

## Results

${table}

The HTTP figures share 2 CPUs with the load generator and PostgreSQL, and on a virtual machine; the spread of
the per-round rates below (and of me / ping between blocks above) is the noise floor: a smaller difference is not a finding.

Requests/s of each measured round (run in the order ${order}):
${scales.map((s) => `${int(s.keys)} keys: ping ${s.ping.roundsPerSecond.map(int).join(" / ")}; me ${s.me.roundsPerSecond.map(int).join(" / ")}`).map((line) => `- ${line}`).join("\n")}
`;
}

/** `markdown` with the section whose heading starts with `heading` replaced by `section` (or added at the end). */
export function replaceSection(markdown: string, heading: string, section: string): string {
  const begin = markdown.indexOf(heading);
  if (begin === -1) return `${markdown.trimEnd()}\n\n${section}\n`;
  const next = markdown.indexOf("\n## ", begin);
  return `${markdown.slice(0, begin)}${section}\n${next === -1 ? "" : markdown.slice(next)}`;
}
