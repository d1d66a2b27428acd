// What issue 9's defences cost /api/v1, measured side by side in one run:
// - Keyward's own server (client IP, security headers) against plain
//   `next start`, on the same build and database: /api/v1/me throughput;
// - /api/v1/me latency alone, and while a sign-in flood (every request a new
//   email from a new address, so no throttle stops it before bcrypt) hits the
//   same server: the p99 ratio shows whether password hashing still starves
//   the event loop.
import autocannon from "autocannon";
import { combine, compareEndpoints, runRound, type Endpoint, type LoadResult, type LoadSettings, type Round } from "./http-load";

export type ServerComparison = { nextStart: LoadResult; keyward: LoadResult; ratios: number[] };
export type FloodResult = {
  alone: LoadResult;
  duringFlood: LoadResult;
  /** What the flood's sign-ins got: status code → count (401 checked and refused, 503 refused at once as busy). */
  floodAnswers: Record<string, number>;
  floodRequestsPerSecond: number;
};

export async function compareServers(keywardUrl: string, nextStartUrl: string, me: Endpoint, settings: LoadSettings, checkpoint: () => void): Promise<ServerComparison> {
  const comparison = await compareEndpoints(keywardUrl, { ...me, name: "me on next start", baseUrl: nextStartUrl }, { ...me, name: "me on Keyward's server" }, settings, checkpoint);
  return { nextStart: comparison.a, keyward: comparison.b, ratios: comparison.blockRatios };
}

/** Alternating rounds: /api/v1/me alone, then /api/v1/me with a sign-in flood running beside it. */
export async function measureSignInFlood(
  baseUrl: string,
  me: Endpoint,
  options: { rounds: number; roundSeconds: number; meConnections: number; floodConnections: number },
  checkpoint: () => void,
): Promise<FloodResult> {
  const alone: Round[] = [];
  const during: Round[] = [];
  const floodAnswers: Record<string, number> = {};
  let floodRequests = 0;
  let floodSeconds = 0;
  for (let round = 0; round < options.rounds; round++) {
    alone.push(await runRound(baseUrl, me, options.meConnections, options.roundSeconds));
    checkpoint();
    const flood = await startFlood(baseUrl, options.floodConnections, options.roundSeconds + 1);
    during.push(await runRound(baseUrl, me, options.meConnections, options.roundSeconds));
    const result = await flood;
    for (const [code, { count }] of Object.entries(result.statusCodeStats)) floodAnswers[code] = (floodAnswers[code] ?? 0) + count;
    floodRequests += Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
    floodSeconds += result.duration;
    checkpoint();
  }
  return { alone: combine(alone), duringFlood: combine(during), floodAnswers, floodRequestsPerSecond: floodRequests / floodSeconds };
}

/** Credential POSTs with a valid CSRF pair, each for a new email from a new client address. */
async function startFlood(baseUrl: string, connections: number, seconds: number) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  let n = 0;
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/api/auth/callback/credentials",
        setupRequest: (request) => {
          n++;
          return {
            ...request,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              cookie,
              // The bench server trusts loopback as a proxy, so each request is its own client.
              "x-forwarded-for": `198.18.${(n >> 8) & 255}.${n & 255}`,
            },
            body: new URLSearchParams({ csrfToken, email: `flood-${n}-${Date.now()}@bench.invalid`, password: "not the password", json: "true" }).toString(),
          };
        },
      },
    ],
  });
}
