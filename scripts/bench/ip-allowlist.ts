// Issue 14: what a key's IP allowlist costs on /api/v1. /api/v1/me with a key
// restricted to 10 ranges that include the client (loopback), against the
// same account's unrestricted key, side by side in one run over HTTP; then the
// allowlist check alone, in this process. The goal: no change beyond the noise,
// which the block ratios (and their spread) show.
//
// Imported only after DATABASE_URL and the secrets are in process.env.
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { compileAllowlist } from "../../lib/api-keys/ip-allowlist";
import { SCOPE_PRESETS } from "../../lib/api-keys/scopes";
import { BenchFailure } from "./failure";
import { compareEndpoints, type Comparison, type Endpoint, type LoadSettings } from "./http-load";
import type { BenchAccount } from "./seed";

/** Ten ranges, as an office, a VPN and cloud egress might give; the client (loopback) matches the last. */
export const BENCH_ALLOWLIST = [
  "203.0.113.0/24",
  "198.51.100.0/24",
  "192.0.2.0/24",
  "10.20.0.0/16",
  "172.16.0.0/12",
  "100.64.0.0/10",
  "2001:db8::/32",
  "2001:db8:1234::/48",
  "fd00::/8",
  "127.0.0.0/8",
];

export type IpAllowlistResult = { http: Comparison; checkNs: { inside: number; outside: number; ipv6: number } };

export async function measureIpAllowlist(baseUrl: string, me: Endpoint, account: BenchAccount, settings: LoadSettings, checkpoint: () => void, serverPid?: number): Promise<IpAllowlistResult> {
  const { secret } = await createApiKey(
    { type: "operator", organizationId: account.organizationId },
    {
      name: "bench (allowlisted)",
      environment: "TEST",
      scopes: [...SCOPE_PRESETS["full-access"].scopes],
      expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000),
      rateLimit: { plan: "CUSTOM", limit: 10_000_000, window: "1h" },
      allowedIps: BENCH_ALLOWLIST,
    },
  );
  const restricted: Endpoint = { name: "me, restricted key", path: "/api/v1/me", headers: { Authorization: `Bearer ${secret}` } };
  const check = await fetch(`${baseUrl}${restricted.path}`, { headers: restricted.headers });
  if (check.status !== 200) throw new BenchFailure(`the allowlisted key answered ${check.status} from loopback: ${await check.text()}`);
  const http = await compareEndpoints(baseUrl, { ...me, name: "me, unrestricted key" }, restricted, settings, checkpoint, serverPid);
  return { http, checkNs: checkCost() };
}

/** The check alone (what authenticate adds for a restricted key), in ns per call. */
function checkCost() {
  const allows = compileAllowlist(BENCH_ALLOWLIST)!;
  const per = (ip: string) => {
    const calls = 1_000_000;
    for (let i = 0; i < 10_000; i++) allows(ip);
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) allows(ip);
    return Number(process.hrtime.bigint() - started) / calls;
  };
  return { inside: per("127.0.0.1"), outside: per("8.8.8.8"), ipv6: per("2001:db8:1234::1") };
}

export function ipAllowlistMarkdown(result: IpAllowlistResult, generator: string, loadAverage: number): string {
  const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const { a: open, b: restricted, blockRatios } = result.http;
  const cpu =
    open.serverCpuUsPerRequest && restricted.serverCpuUsPerRequest
      ? `Server CPU per response: unrestricted ${f(open.serverCpuUsPerRequest)} µs, restricted ${f(restricted.serverCpuUsPerRequest)} µs (**unrestricted / restricted ${f(open.serverCpuUsPerRequest / restricted.serverCpuUsPerRequest, 3)}**).`
      : "Server CPU per response was not measured (no /proc).";
  return `## IP allowlists (issue 14)

GET /api/v1/me with a key restricted to ${BENCH_ALLOWLIST.length} ranges (IPv4 and IPv6; the client, loopback, matches the last) against the
same organization's unrestricted key, over HTTP (${generator}), in alternating rounds on one server:
unrestricted ${f(open.requestsPerSecond)} req/s, restricted ${f(restricted.requestsPerSecond)} req/s, **restricted / unrestricted ${f(restricted.requestsPerSecond / open.requestsPerSecond, 3)}**
(by block: ${blockRatios.map((r) => f(r, 3)).join(", ")}; the spread of these is the noise). ${cpu}
p99: unrestricted ${f(open.p99Ms, 1)} ms, restricted ${f(restricted.p99Ms, 1)} ms. 1-minute load average before: ${f(loadAverage, 2)}.

The restricted key's /api/v1/me answer is longer (it lists the ${BENCH_ALLOWLIST.length} ranges), so the HTTP figures slightly overstate the check.
The check alone, in the bench process (the matcher built once per cached key): ${f(result.checkNs.inside)} ns for an IPv4 client inside,
${f(result.checkNs.outside)} ns for one outside, ${f(result.checkNs.ipv6)} ns for an IPv6 client. A key without an allowlist does no work at all.
(\`net.BlockList\`, tried first, took about 4,700 ns a check for an IPv4 client here: it builds a SocketAddress from the string on every call.)`;
}
