// GitHub's secret scanning reports over real HTTP to two production servers
// on one database, signed by a key pair of the test's own as GitHub signs
// (ECDSA P-256 over the exact body, base64 DER). A key reported to one server
// is refused by both at once, although each had it warm in its cache.
import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { stopServices } from "@/lib/runtime/services";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
const github = generateKeyPairSync("ec", { namedCurve: "P-256" });
const IDENTIFIER = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";
const published = { public_keys: [{ key_identifier: IDENTIFIER, key: github.publicKey.export({ type: "spki", format: "pem" }).toString(), is_current: true }] };
let servers: AppServer[] = [];

beforeAll(async () => {
  servers = await Promise.all([1, 2].map(() => startAppServer({ databaseUrl: db.url, env: { KEYWARD_SECRET_SCANNING_KEYS: JSON.stringify(published) } })));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await stopServices();
});

function body(tokens: string[], url = "https://github.com/octo/app/blob/0a1b2c/.env") {
  return JSON.stringify(tokens.map((token) => ({ token, type: "keyward_api_key", url, source: "commit" })));
}

async function report(server: AppServer, text: string, options: { key?: typeof github.privateKey; identifier?: string; signature?: string } = {}) {
  const signature = options.signature ?? sign("sha256", Buffer.from(text), { key: options.key ?? github.privateKey, dsaEncoding: "der" }).toString("base64");
  const response = await fetch(`${server.url}/api/secret-scanning/report`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Github-Public-Key-Identifier": options.identifier ?? IDENTIFIER, "Github-Public-Key-Signature": signature },
    body: text,
  });
  return { status: response.status, body: await response.json() };
}

async function me(server: AppServer, key: string) {
  const response = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, code: response.ok ? null : ((await response.json()) as { code: string }).code };
}

test("a reported working key is revoked, and every server refuses it at once; a replay changes nothing", async () => {
  const { actor } = await createOrganizationActor("Leaked over HTTP");
  const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
  for (const server of servers) expect(await me(server, secret)).toEqual({ status: 200, code: null });

  const answer = await report(servers[0]!, body([secret, "kw_live_notakey"]));
  expect(answer).toEqual({
    status: 200,
    body: [
      { token_raw: secret, token_type: "keyward_api_key", label: "true_positive" },
      { token_raw: "kw_live_notakey", token_type: "keyward_api_key", label: "false_positive" },
    ],
  });
  // The reporting server evicted it on commit; the other hears the notification.
  expect(await me(servers[0]!, secret)).toEqual({ status: 401, code: "revoked_key" });
  await expect.poll(() => me(servers[1]!, secret), { timeout: 30_000, interval: 50 }).toEqual({ status: 401, code: "revoked_key" });

  const audit = () => getPrisma().auditEvent.count({ where: { targetId: apiKey.id } });
  const before = await audit();
  expect((await report(servers[1]!, body([secret]))).body[0].label).toBe("true_positive");
  expect(await audit()).toBe(before);
});

test("with the flag policy the key keeps working on every server", async () => {
  const { actor, organization } = await createOrganizationActor("Flags over HTTP");
  await getPrisma().organization.update({ where: { id: organization.id }, data: { leakPolicy: "FLAG" } });
  const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
  expect((await report(servers[1]!, body([secret]))).body[0].label).toBe("true_positive");
  for (const server of servers) expect(await me(server, secret)).toEqual({ status: 200, code: null });
  expect(await getPrisma().leakReport.findMany({ where: { apiKeyId: apiKey.id }, select: { action: true } })).toEqual([{ action: "FLAGGED" }]);
});

test("a bad signature, another key pair, or an unknown identifier: 401, and the key still works", async () => {
  const { actor } = await createOrganizationActor("Forgers");
  const { secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
  const text = body([secret]);
  const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const goodSignature = sign("sha256", Buffer.from(text), { key: github.privateKey, dsaEncoding: "der" }).toString("base64");
  for (const attempt of [
    { text: text.replace(".env", ".env.local"), options: { signature: goodSignature } },
    { text, options: { key: other.privateKey } },
    { text, options: { identifier: "0000" } },
    { text, options: { signature: "" } },
  ]) {
    const answer = await report(servers[0]!, attempt.text, attempt.options);
    expect(answer).toMatchObject({ status: 401, body: { code: "invalid_token" } });
  }
  expect(await me(servers[0]!, secret)).toEqual({ status: 200, code: null });
});

test("an oversized body is 413 and a malformed (signed) one 400", async () => {
  const huge = JSON.stringify([{ token: "x", type: "t", url: "u", source: "s", pad: "x".repeat(2 * 1024 * 1024) }]);
  expect((await report(servers[0]!, huge)).status).toBe(413);
  expect((await report(servers[0]!, "[{]")).status).toBe(400);
  expect((await report(servers[0]!, JSON.stringify({ token: "x" }))).status).toBe(400);
});
