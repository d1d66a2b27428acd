// Issue 11: a customer's backend verifies Keyward's tokens itself, as the
// README shows: jose's createRemoteJWKSet against /.well-known/jwks.json on a
// running server, over real HTTP.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { stopServices } from "@/lib/runtime/services";
import { startAppServer, type AppServer } from "../support/app-server";
import { addMember, createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let server: AppServer;
let secret: string;
let memberId: string;
let organizationId: string;

beforeAll(async () => {
  const { organization, actor } = await createOrganizationActor("Remote JWKS");
  organizationId = organization.id;
  memberId = (await addMember(organization.id, "MEMBER")).id;
  secret = (await issueKey(actor, { scopes: ["resources:read", "tokens:exchange"] })).secret;
  server = await startAppServer({
    databaseUrl: db.url,
    env: { KEYWARD_TOKEN_ISSUER: "https://keys.example.com", KEYWARD_TOKEN_AUDIENCE: "https://api.example.com" },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await stopServices();
});

test("a token from the exchange verifies with createRemoteJWKSet, and works on /api/v1 as a bearer", async () => {
  const exchanged = await fetch(`${server.url}/api/v1/auth/token-exchange`, {
    method: "POST",
    headers: { "X-API-Key": secret, "Content-Type": "application/json" },
    body: JSON.stringify({ userId: memberId }),
  });
  expect(exchanged.status).toBe(200);
  const { token } = (await exchanged.json()) as { token: string };

  const jwksResponse = await fetch(`${server.url}/.well-known/jwks.json`);
  expect(jwksResponse.headers.get("cache-control")).toMatch(/public/);
  const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(token, jwks, { issuer: "https://keys.example.com", audience: "https://api.example.com", algorithms: ["ES256"] });
  expect(payload).toMatchObject({ sub: memberId, org: organizationId, scope: "resources:read" });
  await expect(jwtVerify(token, jwks, { issuer: "https://keys.example.com", audience: "https://other.example.com" })).rejects.toThrow(/aud/);

  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ user: { id: memberId }, scopes: ["resources:read"] });
  expect(me.headers.get("x-ratelimit-limit")).toBeTruthy();
}, 60_000);
