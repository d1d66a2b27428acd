// Input that must never be a 500 (issue 9): text PostgreSQL cannot store, and
// configs nested thousands of levels deep, through the real /api/v1 handlers
// and the dashboard's services, against a real PostgreSQL. Each is a 400 that
// names the field, and nothing is stored.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as item from "@/app/api/v1/resources/[id]/route";
import * as collection from "@/app/api/v1/resources/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { ValidationError } from "@/lib/errors";
import { renameOrganization } from "@/lib/organizations/manage";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** Sends `body` as raw JSON text, so that escapes like \u0000 and \ud800 arrive as JSON would carry them. */
async function send(handler: Handler, method: string, body: string, params: object = {}) {
  const request = new Request("http://localhost/api/v1/resources", {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body,
  });
  const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  return { status: response.status, body: await response.json() };
}

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
let secret: string;
beforeAll(async () => {
  org = await createOrganizationActor("Hostile");
  secret = (await issueKey(org.actor, { scopes: ["resources:read", "resources:write"] })).secret;
});

const NUL = "\\u0000";
const LONE = "\\ud800";

describe("text PostgreSQL cannot store is a 400 naming the field", () => {
  test.each([
    ["a NUL in the name", `{"name":"a${NUL}b","type":"t"}`, "name"],
    ["an unpaired surrogate in the name", `{"name":"a${LONE}","type":"t"}`, "name"],
    ["a NUL in a config value", `{"name":"n","type":"t","config":{"a":{"b":"x${NUL}"}}}`, "config.a.b"],
    ["an unpaired surrogate in a config value", `{"name":"n","type":"t","config":{"list":["ok","${LONE}"]}}`, "config.list.1"],
    ["a NUL in a config key", `{"name":"n","type":"t","config":{"k${NUL}":1}}`, `config.k\u0000`],
    ["an unpaired surrogate in a config key", `{"name":"n","type":"t","config":{"${LONE}":1}}`, "config.\ud800"],
  ])("%s", async (_case, body, field) => {
    const before = await getPrisma().resource.count();
    const answer = await send(collection.POST, "POST", body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("validation_failed");
    expect(Object.keys(answer.body.fields)).toContain(field);
    expect(await getPrisma().resource.count()).toBe(before);
  });

  test("PATCH and PUT refuse them too", async () => {
    const created = await send(collection.POST, "POST", `{"name":"fine","type":"t","config":{}}`);
    expect(created.status).toBe(201);
    const params = { id: created.body.id };
    expect((await send(item.PATCH, "PATCH", `{"config":{"x":"${NUL}"}}`, params)).status).toBe(400);
    expect((await send(item.PUT, "PUT", `{"name":"${LONE}","type":"t"}`, params)).status).toBe(400);
  });
});

describe("a config's shape is bounded", () => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

  test.each([40, 5_000])("a config nested %i levels deep is a 400 naming the depth", async (depth) => {
    const answer = await send(collection.POST, "POST", `{"name":"deep","type":"t","config":${nested(depth)}}`);
    expect(answer.status).toBe(400);
    const [field, messages] = Object.entries(answer.body.fields as Record<string, string[]>)[0]!;
    expect(field.startsWith("config.a.a")).toBe(true);
    expect(messages[0]).toMatch(/nested too deeply: at most 32 levels/);
  });

  test("32 levels are fine, and round-trip", async () => {
    const answer = await send(collection.POST, "POST", `{"name":"deep-ok","type":"t","config":${nested(31)}}`);
    expect(answer.status).toBe(201);
  });

  test("a number too large for a double (1e400) is a 400, not silently stored as null", async () => {
    const answer = await send(collection.POST, "POST", `{"name":"big","type":"t","config":{"a":{"n":1e400}}}`);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.fields)).toContain("config.a.n");
  });

  test("a config with more than 10,000 values is a 400", async () => {
    const config = JSON.stringify(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i])));
    const answer = await send(collection.POST, "POST", `{"name":"wide","type":"t","config":${config}}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.fields)).toMatch(/at most 10000 values/);
  });
});

describe("the dashboard's services refuse the same", () => {
  test("a key name or an organization name with a NUL, a lone surrogate or a newline", async () => {
    for (const name of ["a\u0000b", "a\ud800", "line\nbreak"]) {
      const key = await createApiKey(org.actor, { name, environment: "TEST", scopes: ["resources:read"], expiresAt: null }).catch((e: unknown) => e);
      expect(key).toBeInstanceOf(ValidationError);
      expect(Object.keys((key as ValidationError).fields)).toEqual(["name"]);
      const renamed = await renameOrganization({ organizationId: org.organization.id, userId: org.user.id, email: org.user.email, ip: null }, name).catch((e: unknown) => e);
      expect(renamed).toBeInstanceOf(ValidationError);
    }
  });
});
