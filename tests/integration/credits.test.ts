// Issue 11: prepaid credits beside quotas. A metered key's requests each cost
// their route's credits; at zero it gets 402, never a request on credit that
// was not there, however many arrive at once. Credits follow the rotation
// chain, refill monthly, and come back when the server fails a request.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as collection from "@/app/api/v1/resources/route";
import { rotateApiKey } from "@/lib/api-keys/change-api-key";
import { stopServices } from "@/lib/runtime/services";
import { withApiKey } from "@/lib/api/with-api-key";
import { changeCredits, changeOrganizationCredits, readCredits } from "@/lib/credits/manage-credits";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError } from "@/lib/errors";
import { callRoute, json, type Handler } from "../support/api-call";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

// Set before the first request reads the configuration: a create costs 5.
process.env.KEYWARD_CREDIT_COSTS = JSON.stringify({ "POST /api/v1/resources": 5 });
await useTestDatabase();
afterAll(() => stopServices());

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  org = await createOrganizationActor("Credits");
});

async function meteredKey(credits: number, scopes: ("resources:read" | "resources:write")[] = ["resources:write"]) {
  const issued = await issueKey(org.actor, { scopes });
  await getPrisma().apiKey.update({ where: { id: issued.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 100_000, rateLimitWindowSeconds: 3600 } });
  await changeCredits(org.actor, issued.apiKey.id, { action: "add", amount: credits });
  return issued;
}

const getMe = (key: string) => callRoute(me.GET as Handler, { key });

describe("spending credits", () => {
  test("each request costs one; the balance is in a header; at zero, 402 in the API's error shape", async () => {
    const { secret } = await meteredKey(3);
    const balances: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await getMe(secret);
      expect(response.status).toBe(200);
      balances.push(response.headers.get("x-credits-remaining"));
    }
    expect(balances).toEqual(["2", "1", "0"]);
    const refused = await getMe(secret);
    expect(refused.headers.get("x-credits-remaining")).toBe("0");
    expect(await json(refused)).toEqual({
      status: 402,
      body: { error: "Payment Required.", code: "credits_exhausted", message: expect.stringContaining("An admin can top them up"), balance: 0, cost: 1 },
    });
  });

  test("a route costs what KEYWARD_CREDIT_COSTS says, and a request it cannot afford is not served", async () => {
    const { secret } = await meteredKey(7);
    const create = () => callRoute(collection.POST as Handler, { method: "POST", path: "/api/v1/resources", key: secret, body: { name: "paid", type: "t" } });
    expect((await create()).headers.get("x-credits-remaining")).toBe("2");
    expect((await create()).status).toBe(402);
    expect((await getMe(secret)).headers.get("x-credits-remaining")).toBe("1");
    expect(await getPrisma().resource.count({ where: { organizationId: org.organization.id, name: "paid" } })).toBe(1);
  });

  test("40 concurrent requests on 10 credits: exactly 10 are served, and the balance ends at 0", async () => {
    const { secret, apiKey } = await meteredKey(10);
    const statuses = await Promise.all(Array.from({ length: 40 }, async () => (await getMe(secret)).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(30);
    expect((await readCredits((await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lineageId))?.balance).toBe(0);
  });

  test("a request the server fails (5xx) gives its credits back", async () => {
    const { secret } = await meteredKey(2);
    const failing = withApiKey(async () => {
      throw new Error("the handler broke");
    }, { resource: null, route: "/api/v1/me" });
    const failed = await failing(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) });
    expect(failed.status).toBe(500);
    expect(failed.headers.get("x-credits-remaining")).toBe("2");
    expect((await getMe(secret)).headers.get("x-credits-remaining")).toBe("1");
  });

  test("a key that is not metered has no header and no limit; refused requests (401, 403) cost nothing", async () => {
    const free = await issueKey(org.actor, { scopes: ["resources:read"] });
    const response = await getMe(free.secret);
    expect(response.status).toBe(200);
    expect(response.headers.has("x-credits-remaining")).toBe(false);
    const { secret } = await meteredKey(1, ["resources:read"]);
    const forbidden = await callRoute(collection.POST as Handler, { method: "POST", path: "/api/v1/resources", key: secret, body: { name: "x", type: "t" } });
    expect(forbidden.status).toBe(403);
    expect((await getMe(secret)).headers.get("x-credits-remaining")).toBe("0");
  });
});

describe("managing credits", () => {
  test("rotating does not buy fresh credits: the successor spends the same balance", async () => {
    const { secret, apiKey } = await meteredKey(2);
    await getMe(secret);
    const { secret: successor } = await rotateApiKey(org.actor, apiKey.id, "1h");
    expect((await getMe(successor)).headers.get("x-credits-remaining")).toBe("0");
    expect((await getMe(secret)).status).toBe(402);
  });

  test("top-ups add, in the audit log; a monthly refill tops up at the start of each UTC month; unmetering removes the limit", async () => {
    const { secret, apiKey } = await meteredKey(1);
    await getMe(secret);
    expect((await getMe(secret)).status).toBe(402);
    await changeCredits(org.actor, apiKey.id, { action: "add", amount: 5 });
    expect((await getMe(secret)).headers.get("x-credits-remaining")).toBe("4");
    const event = await getPrisma().auditEvent.findFirst({ where: { targetId: apiKey.id, action: "api_key.credits_added" }, orderBy: { createdAt: "desc" } });
    expect(event?.metadata).toMatchObject({ amount: 5, before: { balance: 0 }, after: { balance: 5 } });

    expect(await changeCredits(org.actor, apiKey.id, { action: "refill", monthlyRefill: 100 })).toEqual({ balance: 100, monthlyRefill: 100 });
    for (let i = 0; i < 3; i++) await getMe(secret);
    // A new month: the balance (97) is topped up to 100 by the next request, then charged.
    const lineageId = (await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lineageId;
    await getPrisma().creditBalance.update({ where: { holderId: lineageId }, data: { refilledFor: new Date(Date.UTC(2020, 0, 1)) } });
    expect((await getMe(secret)).headers.get("x-credits-remaining")).toBe("99");

    await changeCredits(org.actor, apiKey.id, { action: "unmetered" });
    const free = await getMe(secret);
    expect(free.status).toBe(200);
    expect(free.headers.has("x-credits-remaining")).toBe(false);
  });

  test("members cannot change credits; bad amounts are refused by field", async () => {
    const { apiKey } = await meteredKey(1);
    const member = userActor(await addMember(org.organization.id, "MEMBER"), org.organization.id, "MEMBER");
    await expect(changeCredits(member, apiKey.id, { action: "add", amount: 5 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeCredits(org.actor, apiKey.id, { action: "add", amount: -3 })).rejects.toMatchObject({ fields: { amount: [expect.any(String)] } });
    await expect(changeCredits(org.actor, apiKey.id, { action: "add", amount: 1.5 })).rejects.toMatchObject({ fields: { amount: [expect.any(String)] } });
  });
});

describe("an organization's credits", () => {
  test("keys without credits of their own spend the organization's; a key with its own spends those first", async () => {
    const other = await createOrganizationActor("Org credits");
    const plain = await issueKey(other.actor, { scopes: ["resources:read"] });
    const own = await issueKey(other.actor, { scopes: ["resources:read"] });
    for (const key of [plain, own]) {
      await getPrisma().apiKey.update({ where: { id: key.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 100_000, rateLimitWindowSeconds: 3600 } });
    }
    // Cached as not metered first: the top-up must reach the cache.
    expect((await getMe(plain.secret)).headers.has("x-credits-remaining")).toBe(false);
    await changeOrganizationCredits(other.actor, { action: "add", amount: 2 });
    await changeCredits(other.actor, own.apiKey.id, { action: "add", amount: 5 });

    expect((await getMe(own.secret)).headers.get("x-credits-remaining")).toBe("4");
    expect((await getMe(plain.secret)).headers.get("x-credits-remaining")).toBe("1");
    expect((await getMe(plain.secret)).headers.get("x-credits-remaining")).toBe("0");
    expect((await getMe(plain.secret)).status).toBe(402);
    // The key with its own credits is not stopped by the organization's running out.
    expect((await getMe(own.secret)).headers.get("x-credits-remaining")).toBe("3");
    expect((await readCredits(other.organization.id))?.balance).toBe(0);

    const event = await getPrisma().auditEvent.findFirst({ where: { organizationId: other.organization.id, action: "organization.credits_added" } });
    expect(event?.metadata).toMatchObject({ amount: 2, after: { balance: 2 } });

    await changeOrganizationCredits(other.actor, { action: "unmetered" });
    const free = await getMe(plain.secret);
    expect(free.status).toBe(200);
    expect(free.headers.has("x-credits-remaining")).toBe(false);
  });

  test("40 concurrent requests from two keys on 10 organization credits: exactly 10 served", async () => {
    const other = await createOrganizationActor("Org race");
    const keys = await Promise.all([0, 1].map(() => issueKey(other.actor, { scopes: ["resources:read"] })));
    for (const key of keys) {
      await getPrisma().apiKey.update({ where: { id: key.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 100_000, rateLimitWindowSeconds: 3600 } });
    }
    await changeOrganizationCredits(other.actor, { action: "add", amount: 10 });
    const statuses = await Promise.all(Array.from({ length: 40 }, async (_, i) => (await getMe(keys[i % 2]!.secret)).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(30);
  });

  test("members cannot change the organization's credits", async () => {
    const member = userActor(await addMember(org.organization.id, "MEMBER"), org.organization.id, "MEMBER");
    await expect(changeOrganizationCredits(member, { action: "add", amount: 5 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
