// Issue 14: IP allowlists per key. A restricted key (and every token acting
// for it) works only from its addresses and ranges; anything else gets 403
// ip_not_allowed before rate limits and credits are touched. The client's
// address is the one Keyward's server resolved (x-keyward-client-ip), never
// X-Forwarded-For. Real PostgreSQL, real handlers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as exchange from "@/app/api/v1/auth/token-exchange/route";
import { rotateApiKey, revokeApiKey } from "@/lib/api-keys/change-api-key";
import { loadApiKeyView } from "@/lib/api-keys/key-view";
import { setApiKeyIpAllowlist } from "@/lib/api-keys/set-ip-allowlist";
import { changeCredits, readKeyCredits } from "@/lib/credits/manage-credits";
import { getPrisma } from "@/lib/db/prisma";
import { ValidationError } from "@/lib/errors";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { stopServices } from "@/lib/runtime/services";
import { callRoute, json } from "../support/api-call";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  org = await createOrganizationActor("Allowlists");
});

/** GET /api/v1/me as a client at `ip` (null: the server could not resolve one), with extra headers. */
async function meFrom(credential: string, ip: string | null, headers: Record<string, string> = {}) {
  const response = await callRoute(me.GET, { key: credential, headers: { ...(ip ? { [CLIENT_IP_HEADER]: ip } : {}), ...headers } });
  return { headers: response.headers, ...(await json(response)) };
}

async function restrictedKey(allowedIps: string[]) {
  const issued = await issueKey(org.actor, { allowedIps });
  return issued;
}

const FORBIDDEN = { error: "Forbidden.", code: "ip_not_allowed", message: expect.any(String) };

describe("a key restricted to addresses and ranges", () => {
  test("IPv4: an address and a CIDR range, at their edges, in and out", async () => {
    const { secret, apiKey } = await restrictedKey(["203.0.113.0/24", "198.51.100.7"]);
    expect(apiKey.allowedIps).toEqual(["203.0.113.0/24", "198.51.100.7"]);
    for (const inside of ["203.0.113.0", "203.0.113.255", "198.51.100.7"]) expect((await meFrom(secret, inside)).status, inside).toBe(200);
    for (const outside of ["203.0.112.255", "203.0.114.0", "198.51.100.6", "198.51.100.8"]) {
      const answer = await meFrom(secret, outside);
      expect(answer.status, outside).toBe(403);
      expect(answer.body).toEqual(FORBIDDEN);
      expect(answer.body.message).toContain(outside);
    }
  });

  test("IPv6: a range and an address; an IPv4-mapped IPv6 client matches IPv4 entries", async () => {
    const { secret } = await restrictedKey(["2001:db8::/32", "2001:db8:ffff::1", "192.0.2.0/25"]);
    expect((await meFrom(secret, "2001:db8::")).status).toBe(200);
    expect((await meFrom(secret, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).status).toBe(200);
    expect((await meFrom(secret, "2001:db9::")).status).toBe(403);
    expect((await meFrom(secret, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).status).toBe(403);
    expect((await meFrom(secret, "::ffff:192.0.2.127")).status).toBe(200);
    expect((await meFrom(secret, "::ffff:192.0.2.128")).status).toBe(403);
  });

  test("an empty list allows any address, and one with no known address at all", async () => {
    const { secret, apiKey } = await restrictedKey([]);
    expect(apiKey.allowedIps).toEqual([]);
    expect((await meFrom(secret, "203.0.113.9")).status).toBe(200);
    expect((await meFrom(secret, "2001:db8::9")).status).toBe(200);
    expect((await meFrom(secret, null)).status).toBe(200);
  });

  test("a NULL list (a hand-written row; Prisma never writes one) allows any address, like an empty one", async () => {
    const { secret, apiKey } = await restrictedKey([]);
    await getPrisma().$executeRaw`UPDATE api_keys SET allowed_ips = NULL WHERE id = ${apiKey.id}::uuid`;
    const answer = await meFrom(secret, "198.51.100.1");
    expect(answer.status).toBe(200);
    expect(answer.body.allowedIps).toEqual([]);
    expect((await loadApiKeyView(apiKey.id)).allowedIps).toEqual([]); // what the key page and the CLI show
    expect((await setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.1")).allowedIps).toEqual(["203.0.113.1"]);
  });

  test("a request whose client address is unknown is refused by a restricted key", async () => {
    const { secret } = await restrictedKey(["0.0.0.0/0", "::/0"]);
    const answer = await meFrom(secret, null);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual(FORBIDDEN);
  });

  test("X-Forwarded-For, X-Real-IP and Forwarded prove nothing: only the address the server resolved counts", async () => {
    const { secret } = await restrictedKey(["203.0.113.0/24"]);
    const spoofed = { "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.5", forwarded: "for=203.0.113.5" };
    expect((await meFrom(secret, "198.51.100.99", spoofed)).status).toBe(403);
    expect((await meFrom(secret, null, spoofed)).status).toBe(403);
  });

  test("/api/v1/me shows the key's allowlist (it is not secret)", async () => {
    const { secret } = await restrictedKey(["203.0.113.0/24", "2001:db8::/32"]);
    const answer = await meFrom(secret, "203.0.113.1");
    expect(answer.body.allowedIps).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
  });

  test("refused before rate limiting and credits: no rate-limit headers, no credits spent, nothing counted", async () => {
    const { secret, apiKey } = await restrictedKey(["203.0.113.0/24"]);
    await changeCredits(org.actor, apiKey.id, { action: "add", amount: 10 });
    for (let i = 0; i < 3; i++) {
      const answer = await meFrom(secret, "198.51.100.1");
      expect(answer.status).toBe(403);
      expect(answer.headers.get("x-ratelimit-remaining")).toBeNull();
    }
    expect(await readKeyCredits(apiKey.id)).toMatchObject({ balance: 10 });
    const allowed = await meFrom(secret, "203.0.113.1");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("x-ratelimit-remaining")).not.toBeNull();
  });
});

describe("tokens acting for a restricted key", () => {
  test("the key's allowlist applies to the exchange and to every use of the token", async () => {
    const member = await addMember(org.organization.id, "MEMBER");
    const { secret } = await issueKey(org.actor, { environment: "LIVE", scopes: ["resources:read", "tokens:exchange"], allowedIps: ["203.0.113.0/24"] });
    const exchangeFrom = async (ip: string) => {
      const response = await callRoute(exchange.POST, {
        method: "POST",
        path: "/api/v1/auth/token-exchange",
        key: secret,
        headers: { [CLIENT_IP_HEADER]: ip },
        body: { userId: member.id },
      });
      return json(response);
    };
    const refused = await exchangeFrom("198.51.100.1");
    expect(refused).toEqual({ status: 403, body: FORBIDDEN });

    const exchanged = await exchangeFrom("203.0.113.1");
    expect(exchanged.status).toBe(200);
    const token = exchanged.body.token as string;
    expect((await meFrom(token, "203.0.113.200")).status).toBe(200);
    const elsewhere = await meFrom(token, "198.51.100.1");
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toEqual(FORBIDDEN);
  });

  test("narrowing the key's allowlist stops its tokens at once", async () => {
    const member = await addMember(org.organization.id, "MEMBER");
    const { secret, apiKey } = await issueKey(org.actor, { environment: "LIVE", scopes: ["resources:read", "tokens:exchange"] });
    const response = await callRoute(exchange.POST, {
      method: "POST",
      path: "/api/v1/auth/token-exchange",
      key: secret,
      headers: { [CLIENT_IP_HEADER]: "198.51.100.1" },
      body: { userId: member.id },
    });
    const { token } = (await json(response)).body as { token: string };
    expect((await meFrom(token, "198.51.100.1")).status).toBe(200);
    await setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.0/24");
    expect((await meFrom(token, "198.51.100.1")).status).toBe(403);
  });
});

describe("setting a key's allowlist", () => {
  test("takes effect on the next request, and clearing it opens the key again", async () => {
    const { secret, apiKey } = await restrictedKey([]);
    expect((await meFrom(secret, "198.51.100.50")).status).toBe(200);
    const view = await setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.0/24\n2001:db8::/32\n");
    expect(view.allowedIps).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
    expect((await meFrom(secret, "198.51.100.50")).status).toBe(403);
    expect((await meFrom(secret, "203.0.113.50")).status).toBe(200);
    await setApiKeyIpAllowlist(org.actor, apiKey.id, "");
    expect((await meFrom(secret, "198.51.100.50")).status).toBe(200);
  });

  test("invalid entries are refused, each by position, and nothing is saved", async () => {
    const { apiKey } = await restrictedKey(["203.0.113.0/24"]);
    const error = await setApiKeyIpAllowlist(org.actor, apiKey.id, ["198.51.100.1", "not-an-ip", "10.0.0.0/33", "fe80::1%eth0"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields)).toEqual(["allowedIps.1", "allowedIps.2", "allowedIps.3"]);
    expect((error as ValidationError).fields["allowedIps.1"]![0]).toContain('"not-an-ip"');
    const row = await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { allowedIps: true } });
    expect(row.allowedIps).toEqual(["203.0.113.0/24"]);
    expect(await getPrisma().auditEvent.count({ where: { targetId: apiKey.id, action: "api_key.ip_allowlist_changed" } })).toBe(0);
  });

  test("more than 100 entries are refused", async () => {
    const { apiKey } = await restrictedKey([]);
    const many = Array.from({ length: 101 }, (_, index) => `10.0.${index}.0/24`);
    await expect(setApiKeyIpAllowlist(org.actor, apiKey.id, many)).rejects.toBeInstanceOf(ValidationError);
    await expect(issueKey(org.actor, { allowedIps: many })).rejects.toBeInstanceOf(ValidationError);
  });

  test("audited, before → after, normalised; saving the same list again records nothing", async () => {
    const { apiKey } = await restrictedKey(["198.51.100.7"]);
    await setApiKeyIpAllowlist(org.actor, apiKey.id, ["203.0.113.77/24", "2001:DB8::/32"]);
    await setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.0/24\n2001:db8::/32");
    const events = await getPrisma().auditEvent.findMany({ where: { targetId: apiKey.id, action: "api_key.ip_allowlist_changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toEqual({ name: apiKey.name, hint: apiKey.hint, before: ["198.51.100.7"], after: ["203.0.113.0/24", "2001:db8::/32"] });
    expect(events[0]!.actorUserId).toBe(org.user.id);
  });

  test("a member sets it on their own keys only; another's key is not found", async () => {
    const member = await addMember(org.organization.id, "MEMBER");
    const memberActor = userActor(member, org.organization.id, "MEMBER");
    const own = await issueKey(memberActor);
    const others = await restrictedKey([]);
    expect((await setApiKeyIpAllowlist(memberActor, own.apiKey.id, "203.0.113.1")).allowedIps).toEqual(["203.0.113.1"]);
    await expect(setApiKeyIpAllowlist(memberActor, others.apiKey.id, "203.0.113.1")).rejects.toMatchObject({ code: "not_found" });
  });

  test("a revoked key's allowlist cannot change", async () => {
    const { apiKey } = await restrictedKey([]);
    await revokeApiKey(org.actor, apiKey.id);
    await expect(setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.1")).rejects.toMatchObject({ code: "key_revoked" });
  });

  test("rotation carries the allowlist to the new key", async () => {
    const { apiKey } = await restrictedKey(["203.0.113.0/24", "2001:db8::/32"]);
    const rotated = await rotateApiKey(org.actor, apiKey.id, "1h");
    expect(rotated.apiKey.allowedIps).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
    expect((await meFrom(rotated.secret, "198.51.100.1")).status).toBe(403);
    expect((await meFrom(rotated.secret, "203.0.113.1")).status).toBe(200);
  });
});

describe("the operator CLI", () => {
  async function keyward(args: string[]) {
    const { runCli } = await import("@/lib/cli/run-cli");
    let stdout = "";
    let stderr = "";
    const code = await runCli(args, { stdout: (line) => (stdout += `${line}\n`), stderr: (line) => (stderr += `${line}\n`), readStdin: async () => "" });
    return { code, stdout, stderr };
  }

  test("keys create --allowed-ips, then keys allowed-ips --set and --clear", async () => {
    const created = await keyward(["keys", "create", "--org", org.organization.slug, "--name", "cli-allowlisted", "--allowed-ips", "203.0.113.9/24, 2001:db8::/32", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const { id, key, allowedIps } = JSON.parse(created.stdout);
    expect(allowedIps).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
    expect((await meFrom(key, "198.51.100.1")).status).toBe(403);

    const set = await keyward(["keys", "allowed-ips", id, "--set", "198.51.100.0/24"]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("198.51.100.0/24");
    expect((await meFrom(key, "198.51.100.1")).status).toBe(200);

    const cleared = await keyward(["keys", "allowed-ips", id, "--clear", "--json"]);
    expect(JSON.parse(cleared.stdout).allowedIps).toEqual([]);
    expect((await meFrom(key, "192.0.2.1")).status).toBe(200);
    const actions = await getPrisma().auditEvent.findMany({ where: { targetId: id, action: "api_key.ip_allowlist_changed" }, select: { actorLabel: true } });
    expect(actions).toEqual([{ actorLabel: "operator (CLI)" }, { actorLabel: "operator (CLI)" }]);
  });

  test("a bad entry is refused with its own message, and nothing changes", async () => {
    const { apiKey } = await restrictedKey(["203.0.113.0/24"]);
    const result = await keyward(["keys", "allowed-ips", apiKey.id, "--set", "203.0.113.0/24,10.1.2.3/99"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"10.1.2.3/99" is not an IP address or CIDR range');
    const usage = await keyward(["keys", "allowed-ips", apiKey.id]);
    expect(usage.code).not.toBe(0);
    expect((await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).allowedIps).toEqual(["203.0.113.0/24"]);
  });
});
