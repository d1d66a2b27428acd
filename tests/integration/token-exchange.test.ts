// Issue 11: token exchange. An API key with tokens:exchange gets a short-lived
// ES256 JWT acting for one member; /api/v1 accepts it through the same
// wrapper; revoking the key ends it at once. Real PostgreSQL, real handlers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import * as me from "@/app/api/v1/me/route";
import * as exchange from "@/app/api/v1/auth/token-exchange/route";
import * as collection from "@/app/api/v1/resources/route";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { revokeApiKey } from "@/lib/api-keys/change-api-key";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { usageRecorder } from "@/lib/usage/usage-recorder";
import { actingUserEmails, usageReport } from "@/lib/usage/usage-queries";
import { signAccessToken, tokenSettings, verifyAccessToken } from "@/lib/tokens/access-tokens";
import { currentSigner, forgetSigningKeys } from "@/lib/tokens/signing-keys";
import { callRoute, json, type Handler } from "../support/api-call";
import { addMember, createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

async function call(handler: Handler, init: { method?: string; path?: string; credential?: string; body?: unknown } = {}) {
  const response = await callRoute(handler, { method: init.method, path: init.path, key: init.credential, body: init.body });
  return { headers: response.headers, ...(await json(response)) };
}

const exchangeFor = (key: string, userId: string) =>
  call(exchange.POST, { method: "POST", path: "/api/v1/auth/token-exchange", credential: key, body: { userId } });

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
let member: Awaited<ReturnType<typeof addMember>>;
let liveFull: Awaited<ReturnType<typeof issueKey>>;

beforeAll(async () => {
  org = await createOrganizationActor("Exchange");
  member = await addMember(org.organization.id, "MEMBER");
  liveFull = await issueKey(org.actor, { name: "backend", environment: "LIVE", scopes: ["resources:write", "usage:read", "tokens:exchange"] });
});

describe("exchanging a key for a token", () => {
  test("the token is an ES256 JWT with the documented claims, acting for the member, for 15 minutes", async () => {
    const answer = await exchangeFor(liveFull.secret, member.id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.body).toEqual({ token: expect.any(String), tokenType: "Bearer", expiresIn: 900, scope: "resources:read usage:read" });
    const header = decodeProtectedHeader(answer.body.token);
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: expect.stringMatching(/^kw_/) });
    const claims = decodeJwt(answer.body.token);
    const { issuer, audience } = tokenSettings();
    expect(claims).toMatchObject({ iss: issuer, aud: audience, sub: member.id, org: org.organization.id, act: { sub: liveFull.apiKey.id } });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.jti).toEqual(expect.any(String));
  });

  test("an email works as the user; a stranger and a member of another organization get the same 404", async () => {
    expect((await exchangeFor(liveFull.secret, member.email.toUpperCase())).status).toBe(200);
    const other = await createOrganizationActor("Elsewhere");
    const strangers = [other.user.id, other.user.email, "nobody@example.com", "00000000-0000-7000-8000-000000000000"];
    const answers = await Promise.all(strangers.map((who) => exchangeFor(liveFull.secret, who)));
    for (const answer of answers) expect(answer).toMatchObject({ status: 404, body: { error: "Not Found.", code: "not_found" } });
    expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
  });

  test("a key without tokens:exchange is refused, naming the scope; so is a bad body", async () => {
    const plain = await issueKey(org.actor, { scopes: ["resources:write"] });
    expect(await exchangeFor(plain.secret, member.id)).toMatchObject({ status: 403, body: { code: "insufficient_scope", required: "tokens:exchange" } });
    const noBody = await call(exchange.POST, { method: "POST", path: "/api/v1/auth/token-exchange", credential: liveFull.secret, body: {} });
    expect(noBody).toMatchObject({ status: 400, body: { code: "validation_failed", errors: [{ field: "userId", message: expect.any(String) }] } });
  });

  test("each exchange is in the audit log, under the key", async () => {
    const { body } = await exchangeFor(liveFull.secret, member.id);
    const event = await getPrisma().auditEvent.findFirst({ where: { action: "api_key.token_exchanged", targetId: liveFull.apiKey.id }, orderBy: { createdAt: "desc" } });
    expect(event?.metadata).toMatchObject({ userId: member.id, email: member.email, tokenId: decodeJwt(body.token).jti });
    expect(JSON.stringify(event)).not.toContain(body.token);
  });
});

describe("calling /api/v1 with the token", () => {
  test("it acts for the member, with the key's scopes narrowed to the member's role (no live writes)", async () => {
    const { body } = await exchangeFor(liveFull.secret, member.id);
    const whoAmI = await call(me.GET, { credential: body.token });
    expect(whoAmI).toMatchObject({ status: 200, body: { id: liveFull.apiKey.id, user: { id: member.id }, scopes: ["resources:read", "usage:read"] } });
    expect((await call(collection.GET, { path: "/api/v1/resources", credential: body.token })).status).toBe(200);
    const write = await call(collection.POST, { method: "POST", path: "/api/v1/resources", credential: body.token, body: { name: "x", type: "t" } });
    expect(write).toMatchObject({ status: 403, body: { code: "insufficient_scope", required: "resources:write" } });
    // An owner's token keeps the writes, and never the exchange itself.
    const owner = await exchangeFor(liveFull.secret, org.user.id);
    expect(owner.body.scope).toBe("resources:read resources:write usage:read");
    expect((await call(collection.POST, { method: "POST", path: "/api/v1/resources", credential: owner.body.token, body: { name: "x", type: "t" } })).status).toBe(201);
    expect((await exchangeFor(owner.body.token, member.id)).status).toBe(403);
  });

  test("a resource records who created it: the key, and the user when a token acted for one", async () => {
    const owner = await exchangeFor(liveFull.secret, org.user.id);
    const byToken = await call(collection.POST, { method: "POST", path: "/api/v1/resources", credential: owner.body.token, body: { name: "by token", type: "t" } });
    expect(byToken.body.createdBy).toEqual({ apiKeyId: liveFull.apiKey.id, userId: org.user.id });
    const byKey = await call(collection.POST, { method: "POST", path: "/api/v1/resources", credential: liveFull.secret, body: { name: "by key", type: "t" } });
    expect(byKey.body.createdBy).toEqual({ apiKeyId: liveFull.apiKey.id, userId: null });
  });

  test("usage shows the user each token acted for, beside the key; the key on its own is not a user", async () => {
    const key = await issueKey(org.actor, { name: "usage-by-user", scopes: ["resources:read", "usage:read", "tokens:exchange"] });
    const forMember = (await exchangeFor(key.secret, member.id)).body.token;
    const forOwner = (await exchangeFor(key.secret, org.user.id)).body.token;
    for (let i = 0; i < 3; i++) await call(me.GET, { credential: forMember });
    await call(me.GET, { credential: forOwner });
    await call(me.GET, { credential: key.secret });
    await usageRecorder().flush();
    const report = await usageReport({ organizationId: org.organization.id, apiKeyId: key.apiKey.id }, "24h");
    expect(report.actingUsers).toEqual([
      { userId: member.id, count: 3 },
      { userId: org.user.id, count: 1 },
    ]);
    // Every request counts toward the key: 2 exchanges, 4 with tokens, 1 with the key itself.
    expect(report.total).toBe(7);
    expect(await actingUserEmails(org.organization.id, report)).toEqual({ [member.id]: member.email, [org.user.id]: org.user.email });
  });

  test("revoking the key ends its tokens at once, not at exp", async () => {
    const key = await issueKey(org.actor, { name: "short-lived", scopes: ["resources:read", "tokens:exchange"] });
    const { body } = await exchangeFor(key.secret, member.id);
    expect((await call(me.GET, { credential: body.token })).status).toBe(200);
    await revokeApiKey(org.actor, key.apiKey.id);
    expect(await call(me.GET, { credential: body.token })).toMatchObject({ status: 401, body: { error: "Unauthorized.", code: "revoked_key" } });
  });

  test("a token verified once (and remembered) still expires at its exp", async () => {
    const { token } = await signAccessToken({ userId: member.id, organizationId: org.organization.id, scopes: ["resources:read"], apiKeyId: liveFull.apiKey.id });
    expect((await verifyAccessToken(token)).ok).toBe(true);
    expect(await verifyAccessToken(token, Date.now() + 60_000)).toMatchObject({ ok: true });
    expect(await verifyAccessToken(token, Date.now() + 960_000)).toEqual({ ok: false, code: "expired_token" });
  });

  test("expired, tampered, wrong-audience, unknown-kid and unsigned tokens get the keys' 401 shape", async () => {
    const claims = { userId: member.id, organizationId: org.organization.id, scopes: ["resources:read"], apiKeyId: liveFull.apiKey.id };
    const expired = (await signAccessToken(claims, Date.now() - 3_600_000)).token;
    const good = (await signAccessToken(claims)).token;
    const [head, payload, signature] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(good), scope: "resources:write" })).toString("base64url");
    const tampered = `${head}.${forged}.${signature}`;
    const signer = await currentSigner();
    const { issuer } = tokenSettings();
    const sign = (key: CryptoKey, kid: string, audience: string) =>
      new SignJWT({ org: org.organization.id, scope: "resources:read", act: { sub: liveFull.apiKey.id } })
        .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(member.id)
        .setJti("j")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(key);
    const wrongAudience = await sign(signer.privateKey, signer.kid, "someone-else");
    const stranger = await generateKeyPair("ES256");
    const unknownKid = await sign(stranger.privateKey, "kw_unknown", tokenSettings().audience);
    const ownKidOtherKey = await sign(stranger.privateKey, signer.kid, tokenSettings().audience);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;

    expect((await call(me.GET, { credential: good })).status).toBe(200);
    expect(await call(me.GET, { credential: expired })).toMatchObject({ status: 401, body: { error: "Unauthorized.", code: "expired_token" } });
    for (const token of [tampered, wrongAudience, unknownKid, ownKidOtherKey, unsigned]) {
      const answer = await call(me.GET, { credential: token });
      expect(answer).toMatchObject({ status: 401, body: { error: "Unauthorized.", code: expect.stringMatching(/^invalid_(token|key)$/) } });
      expect(answer.headers.get("www-authenticate")).toContain("Bearer");
    }
  });
});

describe("signing keys and the JWKS", () => {
  test("/.well-known/jwks.json publishes the public keys only, cacheably", async () => {
    const signer = await currentSigner();
    const response = await jwks();
    expect(response.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    const { keys } = await response.json();
    expect(keys.map((k: { kid: string }) => k.kid)).toContain(signer.kid);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
    // The private half is stored sealed, not as a readable JWK.
    const row = await getPrisma().signingKey.findUniqueOrThrow({ where: { id: signer.kid } });
    expect(Buffer.from(row.privateJwkEncrypted).toString("latin1")).not.toContain('"d"');
  });

  test("when the signing key's time is up, a new one signs, both are published, and old tokens still verify", async () => {
    const old = await currentSigner();
    const before = (await exchangeFor(liveFull.secret, member.id)).body.token;
    await getPrisma().signingKey.update({ where: { id: old.kid }, data: { signsUntil: new Date(Date.now() - 1000) } });
    forgetSigningKeys();
    const after = (await exchangeFor(liveFull.secret, member.id)).body.token;
    expect(decodeProtectedHeader(after).kid).not.toBe(old.kid);
    const kids = (await (await jwks()).json()).keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([old.kid, decodeProtectedHeader(after).kid]));
    expect((await call(me.GET, { credential: before })).status).toBe(200);
    expect((await call(me.GET, { credential: after })).status).toBe(200);
  });

  test("instances racing for the first signing key end up with one", async () => {
    await getPrisma().signingKey.deleteMany();
    forgetSigningKeys();
    const signers = await Promise.all(Array.from({ length: 6 }, async () => {
      forgetSigningKeys();
      return currentSigner();
    }));
    expect(new Set(signers.map((s) => s.kid)).size).toBe(1);
    expect(await getPrisma().signingKey.count()).toBe(1);
  });
});
