// Issue 11: a client generated from the OpenAPI document (openapi-typescript
// types + openapi-fetch) calls every operation of a running server over real
// HTTP, and every answer, errors included, matches the document.
import { afterAll, beforeAll, expect, test } from "vitest";
import createClient from "openapi-fetch";
import { stopServices } from "@/lib/runtime/services";
import type { paths } from "../contract/keyward-api";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { contractProblems } from "../support/openapi-contract";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let server: AppServer;
let secret: string;
let readOnly: string;
let ownerId: string;
const problems: string[] = [];
const seen = new Set<string>();

beforeAll(async () => {
  const { actor, user } = await createOrganizationActor("Generated client");
  ownerId = user.id;
  secret = (await issueKey(actor, { scopes: ["resources:write", "usage:read", "tokens:exchange"] })).secret;
  readOnly = (await issueKey(actor, { scopes: ["resources:read"] })).secret;
  server = await startAppServer({ databaseUrl: db.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await stopServices();
});

function client(key: string) {
  const api = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${key}` } });
  api.use({
    async onResponse({ request, response, schemaPath }) {
      seen.add(`${request.method} ${schemaPath} ${response.status}`);
      const text = await response.clone().text();
      problems.push(...contractProblems(request.method, schemaPath, response.status, text ? JSON.parse(text) : null));
    },
  });
  return api;
}

test("every operation, through the generated client, answers as documented", async () => {
  const api = client(secret);
  const me = await api.GET("/api/v1/me");
  expect(me.data?.scopes).toContain("tokens:exchange");

  const created = await api.POST("/api/v1/resources", { body: { name: "Generated", type: "compute", config: { cpu: 2 } } });
  expect(created.response.status).toBe(201);
  const id = created.data!.id;
  const path = { params: { path: { id } } };
  expect((await api.GET("/api/v1/resources/{id}", path)).data?.name).toBe("Generated");
  expect((await api.GET("/api/v1/resources", { params: { query: { limit: 10 } } })).data?.data.map((r) => r.id)).toContain(id);
  expect((await api.PUT("/api/v1/resources/{id}", { ...path, body: { name: "Replaced", config: { cpu: 4 } } })).data).toMatchObject({ name: "Replaced", type: "compute" });
  expect((await api.PATCH("/api/v1/resources/{id}", { ...path, body: { config: { cpu: 8 } } })).data?.config).toEqual({ cpu: 8 });
  expect((await api.DELETE("/api/v1/resources/{id}", path)).data).toEqual({ id, deleted: true });
  expect((await api.GET("/api/v1/usage", { params: { query: { range: "24h" } } })).response.status).toBe(200);
  const exchanged = await api.POST("/api/v1/auth/token-exchange", { body: { userId: ownerId } });
  expect(exchanged.data?.tokenType).toBe("Bearer");

  // Errors, in the documented shape: 400, 401, 403, 404.
  expect((await api.POST("/api/v1/resources", { body: { name: "", type: "x" } })).error).toMatchObject({ code: "validation_failed" });
  expect((await client("kw_test_nope").GET("/api/v1/me")).response.status).toBe(401);
  expect((await client(readOnly).POST("/api/v1/resources", { body: { name: "no", type: "x" } })).error).toMatchObject({ code: "insufficient_scope" });
  expect((await api.GET("/api/v1/resources/{id}", path)).response.status).toBe(404);
  // With the token, as a bearer.
  expect((await client(exchanged.data!.token).GET("/api/v1/me")).data?.user).toEqual({ id: ownerId });

  expect(problems).toEqual([]);
  const operations = new Set([...seen].map((s) => s.split(" ").slice(0, 2).join(" ")));
  expect(operations.size).toBe(9);
}, 60_000);
