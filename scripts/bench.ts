// `npm run bench`: what an API key check costs, end to end and in isolation.
//
// 1. A PostgreSQL (DATABASE_URL, else an embedded one of the bench's own),
//    migrated; secrets as the app resolves them, kept in .keyward/bench.
// 2. A production build (rebuilt only when stale) served by `next start`.
// 3. An organization, a user and a test key, made with the app's services.
// 4. For each size of api_keys (1k, then 1M rows):
//    - GET /api/v1/me (key checked) against GET /api/ping (does nothing), under
//      the same load, side by side;
//    - verifyApiKey in this process, warm cache against cache miss;
//    - our HMAC + in-memory look-up against bcrypt, the naive design.
// 5. Rate limiting and usage recording: the same comparison with the in-memory
//    limiter and with Redis, and database transactions per 10,000 requests.
// 6. Security (issue 9): /api/v1/me on Keyward's server against plain
//    `next start`, and /api/v1/me's p99 alone and during a sign-in flood.
// 7. Faults (issue 10): a database outage, a hung Redis, 1,000 connections.
// 8. List pages (issue 12): /keys and /review at 10,000 keys against 10.
// 9. The /api/v1 hot path (issue 13): /api/v1/me against /api/ping over HTTP,
//    and in process, step by step.
// 9b. IP allowlists (issue 14): /api/v1/me with a key restricted to 10 ranges
//    against an unrestricted key, side by side.
// 10. The tables, printed and written to bench/results.md.
// Everything stops in order at the end, on failure and on Ctrl-C.
//
// Optional overrides for quick runs: BENCH_SCALES=1000 (comma-separated row
// counts), BENCH_ROUND_SECONDS=2 (each endpoint is measured for ten rounds),
// BENCH_ONLY=list-pages (only step 8), BENCH_ONLY=hot-path (only step 9) or
// BENCH_ONLY=ip-allowlist (only step 9b), which then replaces its own section of bench/results.md and leaves the others as they were.
// BENCH_ONLY=webhooks measures webhook deliveries per second to a local receiver
// (scripts/bench/webhooks.ts; BENCH_WEBHOOK_EVENTS=2000), without the server build.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveSecrets, type Secrets } from "../lib/config/secrets";
import { connect, EMBEDDED_PORT, fillKeys, serverVersion, setUpDatabase, type BenchDatabase } from "./bench/database";
import { compareEndpoints, warmUp, type Endpoint, type LoadResult } from "./bench/http-load";
import { chooseGenerator, type Generator } from "./bench/load-generator";
import { markdownReport, replaceSection, textTable, type RunInfo, type ScaleResult } from "./bench/report";
import { BenchFailure } from "./bench/failure";
import { backendsMarkdown, measureBackend } from "./bench/limits-and-usage";
import { redisAnswers } from "../lib/redis/client";
import { buildIfStale, startServer } from "./bench/server";
import { measureTokenPath, tokenPathMarkdown } from "./bench/token-path";
import { existsSync } from "node:fs";
import { faultsMarkdown, measureFaults } from "./bench/faults";
import { compareServers, measureSignInFlood, type FloodResult, type ServerComparison } from "./bench/security";
import { InterruptedError, Shutdown } from "./bench/shutdown";
import type { BenchAccount } from "./bench/seed";
import type { ListPagesSettings } from "./bench/list-pages";

const SETTINGS = {
  port: 3400,
  scales: listFromEnv("BENCH_SCALES") ?? [1_000, 1_000_000],
  /**
   * 20 s per endpoint in short alternating rounds: on these 2 shared cores the
   * rate drifts by ±15% within a minute, and short rounds keep both endpoints
   * under the same conditions.
   */
  http: { connections: 32, warmupSeconds: 2, roundSeconds: listFromEnv("BENCH_ROUND_SECONDS")?.[0] ?? 2, roundsPerEndpoint: 10 },
  /** Once, right after the server starts: a fresh server is still compiling its hot paths for longer than 2 s. */
  serverWarmupSeconds: 5,
  verifyIterations: 2_000,
  hmacCalls: 200_000,
  /** bcrypt cost → timed compares (cost 12 takes a quarter of a second per call in JS). */
  bcryptCalls: { 10: 12, 12: 4 } as Record<number, number>,
  /** /api/v1/me with 8 connections, alone and beside 64 connections of sign-ins, in alternating 3 s rounds. */
  flood: { rounds: 6, roundSeconds: 3, meConnections: 8, floodConnections: 64 },
  /** Alternating batches of /api/v1/me and /api/ping in process (scripts/bench/hot-path.ts). */
  hotPathRounds: 20,
  listPages: { sizes: [10, 10_000], warmupRequests: 5, rounds: 12, requestsPerRound: 5 } satisfies ListPagesSettings,
};
const RESULTS_FILE = path.join("bench", "results.md");
const LIST_PAGES_HEADING = "## List pages at";
const HOT_PATH_HEADING = "## The /api/v1 hot path";
const WEBHOOKS_HEADING = "## Webhook throughput";
const IP_ALLOWLIST_HEADING = "## IP allowlists";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const baseUrl = `http://127.0.0.1:${SETTINGS.port}`;

const log = (line: string) => console.log(`[bench] ${line}`);

// The bench's secrets and embedded database live apart from the app's .keyward/.
process.env.KEYWARD_STATE_DIR = path.resolve(".keyward", "bench");
mkdirSync(process.env.KEYWARD_STATE_DIR, { recursive: true });

async function main(shutdown: Shutdown) {
  const startedAt = new Date();
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;
  if (loadBefore > 0.5) log(`The machine is busy (1-minute load average ${loadBefore.toFixed(2)}): the figures will be noisy.`);

  const generator = chooseGenerator(packageVersion("autocannon"));
  log(`Load generator: ${generator.description}; ${generator.generatorCpus ? `generator on CPU ${generator.generatorCpus}, app servers on CPU ${generator.serverCpus}` : "not pinned (one CPU, or no taskset)"}.`);
  const secrets = resolveSecrets({ mayGenerate: true });
  const database = await setUpDatabase(shutdown, log);
  shutdown.checkpoint();
  // Before any lib module that reads them is imported (they read on first use).
  // JSON log lines, as a production server writes them (the in-process profile counts their cost).
  Object.assign(process.env, { DATABASE_URL: database.url, ...secrets, LOG_FORMAT: "json" });
  if (process.env.BENCH_ONLY === "webhooks") {
    // In process, no server build: the worker's part is what is measured (scripts/bench/webhooks.ts).
    process.env.KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS = "true";
    const { createBenchAccount } = await import("./bench/seed");
    const webhooks = await import("./bench/webhooks");
    const account = await createBenchAccount(Date.now().toString(36));
    log("Webhooks: queueing events, then draining them to a local receiver…");
    const result = await webhooks.measureWebhookThroughput(database.url, { type: "operator", organizationId: account.organizationId }, Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2_000), () => shutdown.checkpoint());
    const section = webhooks.webhooksMarkdown(result);
    console.log(`\n${section}\n`);
    const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Keyward bench\n";
    writeFileSync(RESULTS_FILE, replaceSection(previous, WEBHOOKS_HEADING, section));
    log(`Wrote the "${WEBHOOKS_HEADING}" section of ${RESULTS_FILE}.`);
    const { stopServices } = await import("../lib/runtime/services");
    await stopServices();
    return;
  }
  const build = await buildIfStale(serverEnvironment(database, secrets), shutdown, log);

  const admin = await connect(database.url);
  shutdown.add("close the bench's own connection", () => admin.end());
  const { createBenchAccount } = await import("./bench/seed");
  const verification = await import("./bench/verify-cost");
  shutdown.add("stop key verification and disconnect Prisma", verification.closeVerification);

  const account = await createBenchAccount(Date.now().toString(36));
  log(`Created the bench organization, user and key ${account.keyId} (its secret stays in memory).`);
  const serverPid = await startServer(SETTINGS.port, serverEnvironment(database, secrets), path.join(process.env.KEYWARD_STATE_DIR!, "next-start.log"), shutdown);
  log(`Server ready on http://127.0.0.1:${SETTINGS.port}; warming it up for ${SETTINGS.serverWarmupSeconds} s per endpoint…`);
  await warmUp(baseUrl, endpoints(account), SETTINGS.http.connections, SETTINGS.serverWarmupSeconds, () => shutdown.checkpoint());
  const listPages = await import("./bench/list-pages");
  const hotPath = await import("./bench/hot-path");
  const measureListPages = async () => {
    log(`List pages: /keys and /review at ${SETTINGS.listPages.sizes.join(" and ")} keys, ${SETTINGS.listPages.rounds} alternating rounds…`);
    const result = await listPages.measureListPages(baseUrl, admin, SETTINGS.listPages, Date.now().toString(36), () => shutdown.checkpoint());
    return listPages.listPagesMarkdown(result);
  };
  const measureHotPathNow = async () => {
    log(`Hot path: ping vs me over HTTP, ${SETTINGS.http.roundsPerEndpoint} × ${SETTINGS.http.roundSeconds} s each, then in process…`);
    const http = await compareEndpoints(baseUrl, ...endpoints(account), SETTINGS.http, () => shutdown.checkpoint(), serverPid);
    const profile = await hotPath.measureHotPath(account.secret, SETTINGS.hotPathRounds, () => shutdown.checkpoint());
    return hotPath.hotPathMarkdown(profile, http, generator.description);
  };
  const ipAllowlist = await import("./bench/ip-allowlist");
  const measureIpAllowlistNow = async () => {
    log(`IP allowlists: me with a key restricted to 10 ranges vs an unrestricted key, ${SETTINGS.http.roundsPerEndpoint} × ${SETTINGS.http.roundSeconds} s each…`);
    const loadAverage = os.loadavg()[0]!;
    const result = await ipAllowlist.measureIpAllowlist(baseUrl, endpoints(account)[1], account, SETTINGS.http, () => shutdown.checkpoint(), serverPid);
    return ipAllowlist.ipAllowlistMarkdown(result, generator.description, loadAverage);
  };
  const only = process.env.BENCH_ONLY;
  if (only === "list-pages" || only === "hot-path" || only === "ip-allowlist") {
    const [heading, section] =
      only === "list-pages"
        ? [LIST_PAGES_HEADING, await measureListPages()]
        : only === "hot-path"
          ? [HOT_PATH_HEADING, await measureHotPathNow()]
          : [IP_ALLOWLIST_HEADING, await measureIpAllowlistNow()];
    console.log(`\n${section}\n`);
    const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Keyward bench\n";
    writeFileSync(RESULTS_FILE, replaceSection(previous, heading, section));
    log(`Wrote the "${heading}" section of ${RESULTS_FILE}.`);
    return;
  }

  const scales: ScaleResult[] = [];
  for (const target of SETTINGS.scales) {
    shutdown.checkpoint();
    log(`Filling api_keys up to ${target.toLocaleString("en-US")} rows…`);
    const fill = await fillKeys(admin, account, target, shutdown, database.url);
    log(`  ${fill.rows.toLocaleString("en-US")} rows (${fill.inserted.toLocaleString("en-US")} inserted, VACUUM ANALYZE, CHECKPOINT in ${fill.seconds.toFixed(1)} s).`);
    scales.push({ keys: fill.rows, fill, ...(await measureAtThisSize(account, secrets, verification, shutdown)) });
  }

  // Rate limiting and usage recording, per backend (the servers above use the in-memory limiter).
  const backendSettings = { ...SETTINGS.http, roundsPerEndpoint: 6 };
  log("Rate limiting and usage: memory backend (this server)…");
  const backends = [await measureBackend("memory", baseUrl, endpoints(account), backendSettings, admin, () => shutdown.checkpoint())];
  let redisSkipped: string | null = null;
  if (await redisAnswers(REDIS_URL)) {
    const redisPort = SETTINGS.port + 1;
    await startServer(redisPort, { ...serverEnvironment(database, secrets), REDIS_URL }, path.join(process.env.KEYWARD_STATE_DIR!, "next-start-redis.log"), shutdown);
    const redisBase = `http://127.0.0.1:${redisPort}`;
    log(`Rate limiting and usage: Redis backend (${REDIS_URL}, a second server on port ${redisPort})…`);
    await warmUp(redisBase, endpoints(account), SETTINGS.http.connections, SETTINGS.serverWarmupSeconds, () => shutdown.checkpoint());
    backends.push(await measureBackend("redis", redisBase, endpoints(account), backendSettings, admin, () => shutdown.checkpoint()));
  } else {
    redisSkipped = `not measured: no Redis answers at ${REDIS_URL} (set BENCH_REDIS_URL).`;
    log(`Redis backend ${redisSkipped}`);
  }

  // Security: the same build under plain `next start`, then a sign-in flood on Keyward's server.
  const nextStartPort = SETTINGS.port + 2;
  await startServer(nextStartPort, serverEnvironment(database, secrets), path.join(process.env.KEYWARD_STATE_DIR!, "next-start-plain.log"), shutdown, "next-start");
  const nextStartUrl = `http://127.0.0.1:${nextStartPort}`;
  await warmUp(nextStartUrl, endpoints(account), SETTINGS.http.connections, SETTINGS.serverWarmupSeconds, () => shutdown.checkpoint());
  log(`Security: /api/v1/me on Keyward's server vs plain next start (port ${nextStartPort})…`);
  const servers = await compareServers(baseUrl, nextStartUrl, endpoints(account)[1], backendSettings, () => shutdown.checkpoint());
  log("Security: /api/v1/me alone and during a sign-in flood…");
  const flood = await measureSignInFlood(baseUrl, endpoints(account)[1], SETTINGS.flood, () => shutdown.checkpoint());
  const security = securityMarkdown(servers, flood);

  log("Token exchange: /api/v1/me with a token, against /api/ping and against the key…");
  const tokenPath = tokenPathMarkdown(await measureTokenPath(baseUrl, ...endpoints(account), account.userId, backendSettings, () => shutdown.checkpoint()));

  log("Faults: a server of its own behind a database proxy the bench can cut…");
  const redisBinary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((file) => existsSync(file)) ?? null;
  const faults = await measureFaults({
    databaseUrl: database.url,
    startServer: (port, env) =>
      startServer(port, { ...serverEnvironment(database, secrets), ...env }, path.join(process.env.KEYWARD_STATE_DIR!, "faults-server.log"), shutdown),
    me: endpoints(account)[1],
    port: SETTINGS.port + 3,
    proxyPort: EMBEDDED_PORT + 5,
    redisPort: 6392,
    redisBinary,
    log,
    checkpoint: () => shutdown.checkpoint(),
    onShutdown: (label, stop) => shutdown.add(label, stop),
  });
  const faultsSection = faultsMarkdown(faults, redisBinary ? null : "not measured: redis-server is not installed.");

  const listPagesSection = await measureListPages();
  const hotPathSection = await measureHotPathNow();
  const ipAllowlistSection = await measureIpAllowlistNow();

  const info = await runInfo(startedAt, started, loadBefore, build, database, admin, generator);
  console.log(`\n${textTable(scales)}\n`);
  console.log(`${backendsMarkdown(backends, redisSkipped)}\n`);
  console.log(`${security}\n`);
  console.log(`${tokenPath}\n`);
  console.log(`${faultsSection}\n`);
  console.log(`${listPagesSection}\n`);
  console.log(`${hotPathSection}\n`);
  console.log(`${ipAllowlistSection}\n`);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${markdownReport(scales, info)}
## Rate limiting and usage recording

Every /api/v1/me request above already goes through the rate limiter (in memory) and the usage recorder.
Here the same comparison runs on a server with the in-memory limiter and on one with Redis (\`REDIS_URL\`),
${backendSettings.roundsPerEndpoint} rounds of ${backendSettings.roundSeconds} s per endpoint. With the key cached, the only database work
left is the usage flush: one transaction at most every 2 seconds, however many requests arrive. "usage_rollups rows
written" counts the rows those flushes inserted or updated (PostgreSQL's statistics, read 11 s after the load so
that every backend has reported; warm-up included): one per flush here, as all requests share one key, route and
status. "All DB transactions" is \`xact_commit\` for the database over the same time, autovacuum included.

${backendsMarkdown(backends, redisSkipped)}

${security}

${tokenPath}

${faultsSection}

${listPagesSection}

${hotPathSection}

${ipAllowlistSection}
`);
  log(`Wrote ${RESULTS_FILE}.`);
}

async function measureAtThisSize(
  account: BenchAccount,
  secrets: Secrets,
  verification: typeof import("./bench/verify-cost"),
  shutdown: Shutdown,
): Promise<Omit<ScaleResult, "keys" | "fill">> {
  const { connections, roundSeconds, roundsPerEndpoint } = SETTINGS.http;
  log(`  HTTP: ping vs me, ${connections} connections, ${roundsPerEndpoint} × ${roundSeconds} s each…`);
  const http = await compareEndpoints(baseUrl, ...endpoints(account), SETTINGS.http, () => shutdown.checkpoint());
  const [ping, me] = [http.a, http.b];
  const rounds = (result: LoadResult) => result.roundsPerSecond.map((rate) => rate.toFixed(0)).join(", ");
  log(`  ping ${ping.requestsPerSecond.toFixed(0)} req/s (rounds ${rounds(ping)})`);
  log(`  me   ${me.requestsPerSecond.toFixed(0)} req/s (rounds ${rounds(me)})`);
  log(`  me/ping by block: ${http.blockRatios.map((ratio) => ratio.toFixed(3)).join(", ")}`);

  log(`  verifyApiKey: ${SETTINGS.verifyIterations.toLocaleString("en-US")} warm/miss pairs, then unknown keys…`);
  const verify = await verification.measureVerification(account.secret, secrets.KEY_PEPPER, SETTINGS.verifyIterations, () =>
    shutdown.checkpoint(),
  );
  shutdown.checkpoint();
  log("  HMAC + look-up vs bcrypt…");
  const hashing = await verification.measureHashing(account.secret, secrets.KEY_PEPPER, SETTINGS.hmacCalls, SETTINGS.bcryptCalls);
  return { ping, me, meOverPingBlocks: http.blockRatios, cpuSteal: http.cpuSteal, verify, hashing };
}

/** The baseline that does nothing, and the route whose only work is checking the key. */
function endpoints(account: BenchAccount): [Endpoint, Endpoint] {
  return [
    { name: "ping", path: "/api/ping" },
    { name: "me", path: "/api/v1/me", headers: { Authorization: `Bearer ${account.secret}` } },
  ];
}

/** What `next build` and `next start` run with: the same database and secrets as this process. */
function serverEnvironment(database: BenchDatabase, secrets: Secrets): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...secrets,
    DATABASE_URL: database.url,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
    // The sign-in flood gives each request its own X-Forwarded-For, so that no per-IP limit stops it before bcrypt.
    TRUSTED_PROXIES: "loopback",
  };
}

async function runInfo(
  date: Date,
  started: number,
  loadBefore: number,
  build: RunInfo["build"],
  database: BenchDatabase,
  admin: Awaited<ReturnType<typeof connect>>,
  generator: Generator,
): Promise<RunInfo> {
  return {
    date,
    totalSeconds: (performance.now() - started) / 1000,
    build,
    machine: {
      nproc: nproc(),
      cpu: os.cpus()[0]?.model ?? "unknown CPU",
      memoryGiB: os.totalmem() / 1024 ** 3,
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      loadBefore,
    },
    versions: {
      postgres: await serverVersion(admin),
      next: packageVersion("next"),
      autocannon: packageVersion("autocannon"),
      bcryptjs: packageVersion("bcryptjs"),
    },
    database: database.description,
    generator,
    port: SETTINGS.port,
    http: SETTINGS.http,
    serverWarmupSeconds: SETTINGS.serverWarmupSeconds,
    verifyIterations: SETTINGS.verifyIterations,
    hmacCalls: SETTINGS.hmacCalls,
    bcryptCalls: SETTINGS.bcryptCalls,
  };
}

function nproc(): string {
  try {
    return execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    return String(os.availableParallelism());
  }
}

function packageVersion(name: string): string {
  const file = path.join("node_modules", name, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function listFromEnv(name: string): number[] | null {
  const value = process.env[name];
  if (!value) return null;
  const list = value.split(",").map((item) => Number(item.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be comma-separated positive integers.`);
  return list;
}

const shutdown = new Shutdown(log);
try {
  await main(shutdown);
} catch (error) {
  // After Ctrl-C, failures of work cut short are expected; the signal handler reports and exits.
  if (!(error instanceof InterruptedError) && !shutdown.interrupted) {
    console.error("\nThe bench failed:", error instanceof BenchFailure ? error.message : error);
    process.exitCode = 1;
  }
}
await shutdown.runAll();

function securityMarkdown(servers: ServerComparison, flood: FloodResult): string {
  const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ratio = servers.keyward.requestsPerSecond / servers.nextStart.requestsPerSecond;
  const answers = Object.entries(flood.floodAnswers).map(([code, count]) => `${code}×${f(count)}`).join(", ");
  return `## Security (issue 9)

Keyward's own server (client address from the connection and TRUSTED_PROXIES, security headers, JSON 405s, and since
issue 13 /api/v1 answered in front of Next's pipeline) against plain \`next start\` on the same build, database and key,
in alternating rounds:

| GET /api/v1/me | req/s | p50 ms | p99 ms |
|---|---:|---:|---:|
| next start | ${f(servers.nextStart.requestsPerSecond)} | ${f(servers.nextStart.p50Ms, 1)} | ${f(servers.nextStart.p99Ms, 1)} |
| Keyward's server | ${f(servers.keyward.requestsPerSecond)} | ${f(servers.keyward.p50Ms, 1)} | ${f(servers.keyward.p99Ms, 1)} |

Keyward's server / next start: **${f(ratio, 3)}** (by block: ${servers.ratios.map((r) => f(r, 3)).join(", ")}).

/api/v1/me (${SETTINGS.flood.meConnections} connections) alone, and while ${SETTINGS.flood.floodConnections} connections send sign-ins for new emails from new
addresses (${f(flood.floodRequestsPerSecond)} sign-ins/s answered: ${answers}; 401 = password checked and refused, 503 = refused at once
because every password worker was busy), ${SETTINGS.flood.rounds} alternating rounds of ${SETTINGS.flood.roundSeconds} s:

| GET /api/v1/me | req/s | p50 ms | p99 ms |
|---|---:|---:|---:|
| alone | ${f(flood.alone.requestsPerSecond)} | ${f(flood.alone.p50Ms, 1)} | ${f(flood.alone.p99Ms, 1)} |
| during the sign-in flood | ${f(flood.duringFlood.requestsPerSecond)} | ${f(flood.duringFlood.p50Ms, 1)} | ${f(flood.duringFlood.p99Ms, 1)} |

p99 during the flood / alone: **${f(flood.duringFlood.p99Ms / flood.alone.p99Ms, 2)}**.`;
}
