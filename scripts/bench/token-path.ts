// Issue 11: what a token from token exchange costs on /api/v1, side by side in
// one run: /api/v1/me with the token (ES256 signature check, then the key it
// acted for, from the verification cache) against /api/ping (no work: the
// ceiling), and against /api/v1/me with the key itself.
import { compareEndpoints, type Endpoint, type LoadResult, type LoadSettings } from "./http-load";
import { BenchFailure } from "./failure";

export type TokenPathResult = { ping: LoadResult; tokenVsPing: LoadResult; key: LoadResult; tokenVsKey: LoadResult; ratiosToPing: number[]; ratiosToKey: number[] };

export async function measureTokenPath(
  baseUrl: string,
  ping: Endpoint,
  me: Endpoint,
  userId: string,
  settings: LoadSettings,
  checkpoint: () => void,
): Promise<TokenPathResult> {
  const exchanged = await fetch(`${baseUrl}/api/v1/auth/token-exchange`, {
    method: "POST",
    headers: { ...me.headers, "Content-Type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  if (!exchanged.ok) throw new BenchFailure(`Token exchange answered ${exchanged.status}: ${await exchanged.text()}`);
  const { token } = (await exchanged.json()) as { token: string };
  const withToken: Endpoint = { name: "me with a token", path: "/api/v1/me", headers: { Authorization: `Bearer ${token}` } };
  const toPing = await compareEndpoints(baseUrl, ping, withToken, settings, checkpoint);
  const toKey = await compareEndpoints(baseUrl, { ...me, name: "me with the key" }, withToken, settings, checkpoint);
  return { ping: toPing.a, tokenVsPing: toPing.b, key: toKey.a, tokenVsKey: toKey.b, ratiosToPing: toPing.blockRatios, ratiosToKey: toKey.blockRatios };
}

export function tokenPathMarkdown(result: TokenPathResult): string {
  const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ratio = (a: LoadResult, b: LoadResult) => f(b.requestsPerSecond / a.requestsPerSecond, 3);
  const blocks = (ratios: number[]) => ratios.map((r) => f(r, 3)).join(", ");
  return `## Token exchange (issue 11)

/api/v1/me with a 15-minute ES256 token from \`POST /api/v1/auth/token-exchange\` (signature, claims, then the key it
acted for from the verification cache), measured in alternating rounds against /api/ping and against /api/v1/me with
the key itself.

| Comparison | req/s | p50 ms | p99 ms | Ratio (token / other) |
| --- | ---: | ---: | ---: | ---: |
| /api/ping | ${f(result.ping.requestsPerSecond)} | ${f(result.ping.p50Ms, 1)} | ${f(result.ping.p99Ms, 1)} | |
| /api/v1/me with the token | ${f(result.tokenVsPing.requestsPerSecond)} | ${f(result.tokenVsPing.p50Ms, 1)} | ${f(result.tokenVsPing.p99Ms, 1)} | **${ratio(result.ping, result.tokenVsPing)}** of ping (goal ≥ 0.90; by block: ${blocks(result.ratiosToPing)}) |
| /api/v1/me with the key | ${f(result.key.requestsPerSecond)} | ${f(result.key.p50Ms, 1)} | ${f(result.key.p99Ms, 1)} | |
| /api/v1/me with the token | ${f(result.tokenVsKey.requestsPerSecond)} | ${f(result.tokenVsKey.p50Ms, 1)} | ${f(result.tokenVsKey.p99Ms, 1)} | **${ratio(result.key, result.tokenVsKey)}** of the key path (by block: ${blocks(result.ratiosToKey)}) |`;
}
