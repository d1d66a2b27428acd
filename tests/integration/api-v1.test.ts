// /api/v1 through its real route handlers and wrapper, against a real PostgreSQL
// (no HTTP server: the handlers are called with real Request objects).
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as catchAll from "@/app/api/v1/[...path]/route";
import * as me from "@/app/api/v1/me/route";
import * as item from "@/app/api/v1/resources/[id]/route";
import * as collection from "@/app/api/v1/resources/route";
import { rotateApiKey, revokeApiKey, updateApiKey } from "@/lib/api-keys/change-api-key";
import { getPrisma } from "@/lib/db/prisma";
import { stopServices } from "@/lib/runtime/services";
import { withApiKey } from "@/lib/api/with-api-key";
import { logger } from "@/lib/logging/logger";
import { callRoute, json, type Handler } from "../support/api-call";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

const call = callRoute;

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
let other: Awaited<ReturnType<typeof createOrganizationActor>>;
let fullTest: string;
let fullLive: string;
let readOnly: string;
let otherOrgKey: string;

beforeAll(async () => {
  org = await createOrganizationActor("Api");
  other = await createOrganizationActor("Other");
  fullTest = (await issueKey(org.actor, { name: "full test", scopes: ["resources:write", "usage:read"] })).secret;
  fullLive = (await issueKey(org.actor, { name: "full live", environment: "LIVE", scopes: ["resources:write", "usage:read"] })).secret;
  readOnly = (await issueKey(org.actor, { name: "read only", scopes: ["resources:read", "usage:read"] })).secret;
  otherOrgKey = (await issueKey(other.actor, { name: "other", scopes: ["resources:write"] })).secret;
});

describe("reading the key", () => {
  test("Authorization: Bearer, in any case, and X-API-Key both work", async () => {
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${readOnly}` }, { authorization: `bEaReR   ${readOnly}` }, { "x-api-key": readOnly }];
    for (const headers of variants) {
      expect((await call(me.GET, { headers })).status).toBe(200);
    }
  });

  test("the same key in both headers is fine; two different keys are a 400", async () => {
    expect((await call(me.GET, { headers: { authorization: `Bearer ${readOnly}`, "x-api-key": readOnly } })).status).toBe(200);
    const both = await json(await call(me.GET, { headers: { authorization: `Bearer ${readOnly}`, "x-api-key": fullTest } }));
    expect(both).toMatchObject({ status: 400, body: { error: "Bad Request.", code: "conflicting_keys" } });
  });

  test("a key in the query string is refused with a 400 that says to use the header", async () => {
    const response = await json(await call(me.GET, { path: `/api/v1/me?api_key=${readOnly}` }));
    expect(response).toMatchObject({ status: 400, body: { code: "key_in_query", message: expect.stringMatching(/Authorization: Bearer/) } });
    // Even alongside a valid header, and under any parameter name.
    expect((await call(me.GET, { path: `/api/v1/me?k=${readOnly}`, key: readOnly })).status).toBe(400);
  });
});

describe("401s", () => {
  test.each([
    ["missing_key", {}],
    ["missing_key", { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }],
    ["invalid_key", { key: "kw_test_obviouslyNotAKey" }],
  ])("%s", async (code, init) => {
    const response = await call(me.GET, init);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await json(response)).toMatchObject({ status: 401, body: { error: "Unauthorized.", code } });
  });

  test("a bad checksum and an unknown key look the same", async () => {
    const flipped = readOnly.slice(0, -1) + (readOnly.endsWith("A") ? "B" : "A");
    const { generateApiKey } = await import("@/lib/api-keys/key-format");
    const a = await json(await call(me.GET, { key: flipped }));
    const b = await json(await call(me.GET, { key: generateApiKey("kw", "TEST") }));
    expect(a).toEqual(b);
    expect(a.body.code).toBe("invalid_key");
  });

  test("revoked_key and expired_key", async () => {
    const revoked = await issueKey(org.actor);
    expect((await call(me.GET, { key: revoked.secret })).status).toBe(200);
    await revokeApiKey(org.actor, revoked.apiKey.id);
    expect(await json(await call(me.GET, { key: revoked.secret }))).toMatchObject({ status: 401, body: { code: "revoked_key" } });

    const rotated = await issueKey(org.actor);
    await rotateApiKey(org.actor, rotated.apiKey.id, "immediately");
    expect(await json(await call(me.GET, { key: rotated.secret }))).toMatchObject({ status: 401, body: { code: "expired_key" } });
  });
});

describe("GET /api/v1/me", () => {
  test("describes the calling key and its organization, never its secret", async () => {
    const response = await call(me.GET, { key: readOnly });
    const { status, body } = await json(response);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: expect.any(String),
      name: "read only",
      hint: `${readOnly.slice(0, 12)}…${readOnly.slice(-4)}`,
      environment: "test",
      scopes: ["resources:read", "usage:read"],
      expiresAt: expect.any(String),
      organization: { id: org.organization.id, name: org.organization.name, slug: org.organization.slug },
      allowedIps: [],
      user: null,
    });
    expect(JSON.stringify(body)).not.toContain(readOnly);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("follows a change to the key at once (its answer is kept per cached key, and a change replaces that)", async () => {
    const issued = await issueKey(org.actor, { name: "before" });
    expect((await json(await call(me.GET, { key: issued.secret }))).body.name).toBe("before");
    expect((await json(await call(me.GET, { key: issued.secret }))).body.name).toBe("before");
    await updateApiKey(org.actor, issued.apiKey.id, { name: "after" });
    expect((await json(await call(me.GET, { key: issued.secret }))).body).toMatchObject({ id: issued.apiKey.id, name: "after" });
    await revokeApiKey(org.actor, issued.apiKey.id);
    expect((await call(me.GET, { key: issued.secret })).status).toBe(401);
  });

  test("a key whose scopes column was left NULL (written by hand: Prisma never does) has no scopes, and is not a 500", async () => {
    const issued = await issueKey(org.actor, { name: "hand-edited" });
    await getPrisma().$executeRaw`UPDATE api_keys SET scopes = NULL WHERE id = ${issued.apiKey.id}::uuid`;
    const response = await json(await call(me.GET, { key: issued.secret }));
    expect(response).toMatchObject({ status: 200, body: { id: issued.apiKey.id, scopes: [] } });
    expect((await call(collection.GET, { key: issued.secret, path: "/api/v1/resources" })).status).toBe(403);
  });

  test("other methods are a JSON 405 with Allow", async () => {
    const response = await call(me.POST, { method: "POST", key: fullTest, body: {} });
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await json(response)).toMatchObject({ status: 405, body: { error: "Method Not Allowed.", code: "method_not_allowed" } });
  });
});

describe("scopes by method", () => {
  test("a read-only key may GET and HEAD but not POST, PUT, PATCH or DELETE", async () => {
    expect((await call(collection.GET, { key: readOnly, path: "/api/v1/resources" })).status).toBe(200);
    expect((await call(collection.HEAD, { method: "HEAD", key: readOnly, path: "/api/v1/resources" })).status).toBe(200);
    const created = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "r", type: "compute" } }));
    const params = { id: created.body.id };
    const attempts: [Handler, string, unknown][] = [
      [collection.POST, "POST", { name: "x", type: "compute" }],
      [item.PUT, "PUT", { name: "x", type: "compute" }],
      [item.PATCH, "PATCH", { name: "x" }],
      [item.DELETE, "DELETE", undefined],
    ];
    for (const [handler, method, body] of attempts) {
      const response = await json(await call(handler, { method, key: readOnly, body, params }));
      expect(response, method).toEqual({
        status: 403,
        body: { error: "Forbidden.", code: "insufficient_scope", required: "resources:write", message: expect.any(String) },
      });
    }
    // Nothing changed.
    expect((await json(await call(item.GET, { key: readOnly, params }))).body.name).toBe("r");
  });

  test("a key without any resources scope cannot even read them", async () => {
    const usageOnly = (await issueKey(org.actor, { scopes: ["usage:read"] })).secret;
    expect(await json(await call(collection.GET, { key: usageOnly }))).toMatchObject({ status: 403, body: { required: "resources:read" } });
    expect((await call(me.GET, { key: usageOnly })).status).toBe(200);
  });
});

describe("resources", () => {
  test("create, read, replace, patch, delete", async () => {
    const created = await call(collection.POST, {
      method: "POST",
      key: fullTest,
      body: { name: "My Resource", type: "compute", config: { cpu: 2, memory: "4GB" } },
    });
    const resource = (await json(created)).body;
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/resources/${resource.id}`);
    expect(resource).toMatchObject({ name: "My Resource", type: "compute", config: { cpu: 2, memory: "4GB" }, environment: "test" });

    const params = { id: resource.id };
    expect((await json(await call(item.GET, { key: fullTest, params }))).body).toEqual(resource);
    const replaced = await json(await call(item.PUT, { method: "PUT", key: fullTest, params, body: { name: "Renamed", type: "storage" } }));
    expect(replaced.body).toMatchObject({ name: "Renamed", type: "storage", config: {} });
    const patched = await json(await call(item.PATCH, { method: "PATCH", key: fullTest, params, body: { config: { size: "1TB" } } }));
    expect(patched.body).toMatchObject({ name: "Renamed", type: "storage", config: { size: "1TB" } });
    const deleted = await json(await call(item.DELETE, { method: "DELETE", key: fullTest, params }));
    // A body, as Stripe answers: a client that calls response.json() on every answer works on DELETE too.
    expect(deleted).toEqual({ status: 200, body: { id: resource.id, deleted: true } });
    expect(await json(await call(item.GET, { key: fullTest, params }))).toMatchObject({ status: 404, body: { error: "Not Found.", code: "not_found" } });
  });

  test("PUT with only name and config replaces them and keeps the type (the common client pattern)", async () => {
    const created = (await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "Put me", type: "compute", config: { a: 1, b: 2 } } }))).body;
    const params = { id: created.id };
    const replaced = await json(await call(item.PUT, { method: "PUT", key: fullTest, params, body: { name: "Put again", config: { c: 3 } } }));
    expect(replaced).toMatchObject({ status: 200, body: { name: "Put again", type: "compute", config: { c: 3 } } });
    // A replacement: config left out is empty, not kept.
    expect((await json(await call(item.PUT, { method: "PUT", key: fullTest, params, body: { name: "Bare" } }))).body).toMatchObject({ name: "Bare", type: "compute", config: {} });
    // name is still required: PUT is the whole representation, and a resource has a name.
    expect(await json(await call(item.PUT, { method: "PUT", key: fullTest, params, body: { config: {} } }))).toMatchObject({ status: 400, body: { fields: { name: [expect.any(String)] } } });
  });

  test("a 400 lists its problems both ways: fields by name, and errors as { field, message }", async () => {
    const bad = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "", type: "no spaces allowed" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ name: [expect.any(String)], type: [expect.any(String)] });
    expect(bad.body.errors).toEqual([
      { field: "name", message: bad.body.fields.name[0] },
      { field: "type", message: bad.body.fields.type[0] },
    ]);
  });

  test("paginates with a cursor and a limit", async () => {
    const pager = await createOrganizationActor("Pager");
    const key = (await issueKey(pager.actor, { scopes: ["resources:write"] })).secret;
    for (let i = 0; i < 5; i++) await call(collection.POST, { method: "POST", key, body: { name: `r${i}`, type: "compute" } });
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { name: string }[]; nextCursor: string | null } } = await json(
        await call(collection.GET, { key, path: `/api/v1/resources?limit=2${cursor ? `&cursor=${cursor}` : ""}` }),
      );
      names.push(...page.body.data.map((r) => r.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(pages).toBe(3);
    const bad = await json(await call(collection.GET, { key, path: "/api/v1/resources?limit=0&cursor=nope" }));
    expect(bad).toMatchObject({ status: 400, body: { code: "validation_failed", fields: { limit: [expect.any(String)], cursor: [expect.any(String)] } } });
  });

  test("a live key sees only live resources and a test key only test ones", async () => {
    const live = await json(await call(collection.POST, { method: "POST", key: fullLive, body: { name: "prod db", type: "database" } }));
    const test_ = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "staging db", type: "database" } }));
    expect(live.body.environment).toBe("live");
    const liveList = (await json(await call(collection.GET, { key: fullLive, path: "/api/v1/resources?limit=100" }))).body.data;
    expect(liveList.map((r: { id: string }) => r.id)).toEqual([live.body.id]);
    expect((await call(item.GET, { key: fullTest, params: { id: live.body.id } })).status).toBe(404);
    expect((await call(item.DELETE, { method: "DELETE", key: fullTest, params: { id: live.body.id } })).status).toBe(404);
    expect((await call(item.GET, { key: fullLive, params: { id: test_.body.id } })).status).toBe(404);
  });

  test("another organization's resource is a 404, never a 403, and stays untouched", async () => {
    const mine = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "mine", type: "compute" } }));
    const params = { id: mine.body.id };
    for (const [handler, method, body] of [
      [item.GET, "GET", undefined],
      [item.PUT, "PUT", { name: "stolen", type: "compute" }],
      [item.PATCH, "PATCH", { name: "stolen" }],
      [item.DELETE, "DELETE", undefined],
    ] as [Handler, string, unknown][]) {
      expect(await json(await call(handler, { method, key: otherOrgKey, params, body })), method).toMatchObject({ status: 404, body: { code: "not_found" } });
    }
    expect((await json(await call(item.GET, { key: fullTest, params }))).body.name).toBe("mine");
    const theirs = (await json(await call(collection.GET, { key: otherOrgKey }))).body.data;
    expect(theirs).toEqual([]);
  });

  test("bad bodies: malformed JSON, failing fields, unknown fields, and more than 1 MB", async () => {
    const malformed = await json(await call(collection.POST, { method: "POST", key: fullTest, body: "{ name: " }));
    expect(malformed).toMatchObject({ status: 400, body: { code: "invalid_json" } });

    const invalid = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "", type: 7, config: [] } }));
    expect(invalid).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    expect(Object.keys(invalid.body.fields).sort()).toEqual(["config", "name", "type"]);

    const unknown = await json(await call(collection.POST, { method: "POST", key: fullTest, body: { name: "a", type: "b", colour: "red" } }));
    expect(unknown).toMatchObject({ status: 400, body: { code: "validation_failed" } });

    const emptyPatch = await json(await call(item.PATCH, { method: "PATCH", key: fullTest, params: { id: "00000000-0000-7000-8000-000000000000" }, body: {} }));
    expect(emptyPatch.status).toBe(400);

    const huge = { name: "big", type: "blob", config: { data: "x".repeat(1024 * 1024) } };
    expect(await json(await call(collection.POST, { method: "POST", key: fullTest, body: huge }))).toMatchObject({
      status: 413,
      body: { error: "Payload Too Large.", code: "payload_too_large" },
    });
  });

  test("unknown /api/v1 paths are a JSON 404 for a valid key, and a 401 without one", async () => {
    expect(await json(await call(catchAll.GET, { key: readOnly, path: "/api/v1/nope", params: { path: ["nope"] } }))).toMatchObject({
      status: 404,
      body: { error: "Not Found.", code: "not_found" },
    });
    expect((await call(catchAll.DELETE, { method: "DELETE", path: "/api/v1/nope", params: { path: ["nope"] } })).status).toBe(401);
  });
});

describe("500s", () => {
  test("leak nothing, and are logged with the request id that the response carries", async () => {
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const broken = withApiKey(
      async () => {
        throw new Error("connection string postgres://admin:hunter2@db");
      },
      { resource: null, route: "/test/broken" },
    );
    const response = await call(broken as Handler, { key: readOnly });
    const requestId = response.headers.get("x-request-id");
    const body = await response.json();
    expect(response.status).toBe(500);
    expect(body).toEqual({ error: "Internal Server Error.", code: "internal_error", requestId });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId, err: expect.any(Error) }), expect.any(String));
    logged.mockRestore();
  });
});
