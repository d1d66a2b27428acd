// Issue 12: the dashboard's key lists at scale. The server render time of
// /keys and /review for an organization with 10,000 keys against the same
// pages for one with 10, measured side by side in one run: alternating rounds,
// the same signed-in request each time, the whole HTML read.
//
// Both organizations get keys from one generator (one INSERT … SELECT), mixed
// like a real organization's: live and test, some full access, some never
// used, some never expiring, expiring soon, expired or revoked. Their hashes
// are random: nothing verifies them here.
//
// Imported only after DATABASE_URL and the secrets are in process.env.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { signUp } from "../../lib/auth/sign-up";
import { signInOverHttp } from "../../tests/support/http-session";
import { BENCH_EMAIL_DOMAIN, BENCH_SLUG_PREFIX } from "./database";
import { BenchFailure } from "./failure";
import { summarize, type Summary } from "./stats";

export type ListPagesSettings = { sizes: [small: number, large: number]; warmupRequests: number; rounds: number; requestsPerRound: number };

const PAGES = ["/keys", "/review"] as const;
type ListPage = (typeof PAGES)[number];

export type ListPageResult = { page: ListPage; small: Summary; large: Summary; roundRatios: number[] };
export type ListPagesResult = { settings: ListPagesSettings; seedSeconds: number; pages: ListPageResult[] };

type SignedInOrganization = { keys: number; cookie: string };

export async function measureListPages(
  baseUrl: string,
  client: pg.Client,
  settings: ListPagesSettings,
  runId: string,
  checkpoint: () => void,
): Promise<ListPagesResult> {
  const seedStarted = performance.now();
  const organizations: SignedInOrganization[] = [];
  for (const keys of settings.sizes) organizations.push(await organizationWithKeys(baseUrl, client, keys, `${runId}-${keys}`));
  await client.query("VACUUM (ANALYZE) api_keys");
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  for (const page of PAGES) for (const org of organizations) for (let i = 0; i < settings.warmupRequests; i++) await render(baseUrl, page, org);
  const samples = new Map<string, number[]>();
  const roundRatios = new Map<ListPage, number[]>(PAGES.map((page) => [page, []]));
  for (let round = 0; round < settings.rounds; round++) {
    checkpoint();
    // Alternate which size goes first, so that neither always follows the other.
    const order = round % 2 ? [...organizations].reverse() : organizations;
    for (const page of PAGES) {
      const medians = new Map<number, number>();
      for (const org of order) {
        const times = [];
        for (let i = 0; i < settings.requestsPerRound; i++) times.push(await render(baseUrl, page, org));
        samples.set(`${page} ${org.keys}`, [...(samples.get(`${page} ${org.keys}`) ?? []), ...times]);
        medians.set(org.keys, summarize(times).p50);
      }
      roundRatios.get(page)!.push(medians.get(settings.sizes[1])! / medians.get(settings.sizes[0])!);
    }
  }
  return {
    settings,
    seedSeconds,
    pages: PAGES.map((page) => ({
      page,
      small: summarize(samples.get(`${page} ${settings.sizes[0]}`)!),
      large: summarize(samples.get(`${page} ${settings.sizes[1]}`)!),
      roundRatios: roundRatios.get(page)!,
    })),
  };
}

/** An owner (who sees every key and may review) of a new organization with `keys` keys, signed in over HTTP. */
async function organizationWithKeys(baseUrl: string, client: pg.Client, keys: number, runId: string): Promise<SignedInOrganization> {
  const email = `lists-${runId}@${BENCH_EMAIL_DOMAIN}`;
  const password = randomBytes(18).toString("base64url");
  const signedUp = await signUp({ name: "Keyward bench", email, password, organizationName: `Lists ${keys}` }, { organizationSlug: `${BENCH_SLUG_PREFIX}lists-${runId}`, source: "cli" });
  await client.query(
    `INSERT INTO api_keys (id, lineage_id, organization_id, created_by_id, name, environment, hash, hint, scopes,
                           expires_at, revoked_at, last_used_at, created_at, updated_at)
     SELECT gen_random_uuid(), gen_random_uuid(), $1::uuid, $2::uuid, 'list key ' || n,
            (CASE WHEN n % 2 = 0 THEN 'LIVE' ELSE 'TEST' END)::"KeyEnvironment",
            decode(md5(random()::text) || md5(random()::text), 'hex'), 'kw_test_…' || lpad(n::text, 4, '0'),
            CASE WHEN n % 3 = 0 THEN '{resources:read,resources:write,usage:read,usage:write}'::text[] ELSE '{resources:read}'::text[] END,
            CASE WHEN n % 5 = 0 THEN NULL ELSE now() + ((n % 60) - 5) * interval '1 day' END,
            CASE WHEN n % 11 = 0 THEN now() - interval '1 day' END,
            CASE WHEN n % 4 = 0 THEN NULL ELSE now() - (n % 120) * interval '1 day' END,
            now() - n * interval '1 minute', now()
     FROM generate_series(1, $3::int) AS n`,
    [signedUp.organization.id, signedUp.user.id, keys],
  );
  return { keys, cookie: await signInOverHttp(baseUrl, email, password) };
}

/** Milliseconds from sending the request to having read the whole page. */
async function render(baseUrl: string, page: ListPage, org: SignedInOrganization): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${page}`, { headers: { cookie: org.cookie }, redirect: "manual" });
  const html = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !html.includes("list key")) throw new BenchFailure(`GET ${page} (${org.keys} keys) answered ${response.status} without the keys.`);
  return elapsed;
}

export function listPagesMarkdown(result: ListPagesResult): string {
  const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const [small, large] = result.settings.sizes;
  const { rounds, requestsPerRound, warmupRequests } = result.settings;
  const lines = result.pages.map((p) => {
    const ratio = p.large.p50 / p.small.p50;
    return `| ${p.page} | ${f(p.small.p50, 1)} | ${f(p.small.p99, 1)} | ${f(p.large.p50, 1)} | ${f(p.large.p99, 1)} | **${f(ratio, 2)}** (by round ${f(Math.min(...p.roundRatios), 2)}–${f(Math.max(...p.roundRatios), 2)}) | ${ratio <= 2 ? "yes" : "NO"} |`;
  });
  return `## List pages at ${f(large)} keys (issue 12)

Server render time of the dashboard's key lists (a signed-in owner's GET, the whole HTML read, one request at a time)
for an organization with ${f(large)} keys against one with ${f(small)}, in ${rounds} alternating rounds of ${requestsPerRound} requests per page and
size after ${warmupRequests} warm-up requests each. Both organizations' keys come from one INSERT … SELECT (seeded in
${f(result.seedSeconds, 1)} s with VACUUM ANALYZE): live and test, some full access, never used, never expiring, expiring,
expired or revoked. /keys shows 50 keys a page; /review shows 50 and counts every flag.

| Page | ${f(small)} keys p50 ms | p99 ms | ${f(large)} keys p50 ms | p99 ms | p50 ratio ${f(large)} / ${f(small)} | Within 2× |
| --- | ---: | ---: | ---: | ---: | ---: | :-- |
${lines.join("\n")}`;
}

/** Puts `section` into `markdown` in place of an earlier run's, else at the end; every other section is left as it was. */
