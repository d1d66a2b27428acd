// Issue 14, across processes: two built app servers on one PostgreSQL. A
// key's IP allowlist changed by another process (here, the test's own) is
// enforced by both, though both had the key cached; and the client address
// is the one Keyward's server resolves under TRUSTED_PROXIES, so a forged
// X-Forwarded-For gets nothing from an untrusted peer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setApiKeyIpAllowlist } from "@/lib/api-keys/set-ip-allowlist";
import { stopServices } from "@/lib/runtime/services";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { callMe, msUntilRefusedEverywhere } from "../support/instances";
import { useTestDatabase } from "../support/test-database";

describe("IP allowlists on two app instances", () => {
  let servers: AppServer[] = [];
  let org: Awaited<ReturnType<typeof createOrganizationActor>>;

  beforeAll(async () => {
    const db = await useTestDatabase();
    // The first trusts nobody (the peer is the client); the second trusts a proxy on loopback.
    servers = await Promise.all(([{}, { TRUSTED_PROXIES: "loopback" }] as Record<string, string>[]).map((env) => startAppServer({ databaseUrl: db.url, env })));
    org = await createOrganizationActor("Allowlisted fleet");
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await stopServices();
  });

  const fromForwarded = (server: AppServer, secret: string, forwardedFor: string) =>
    fetch(`${server.url}/api/v1/me`, { headers: { "x-api-key": secret, "x-forwarded-for": forwardedFor } });

  test("a change made in another process is enforced by both instances, which had the key cached", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    for (const server of servers) expect((await callMe(server, secret)).status).toBe(200);

    // Restricted to a range the tests' loopback client is not in: both refuse it, soon.
    const restricted = await msUntilRefusedEverywhere(servers, secret, () => setApiKeyIpAllowlist(org.actor, apiKey.id, "203.0.113.0/24"), 30_000, 403);
    const refused = await callMe(servers[0]!, secret);
    expect(await refused.json()).toMatchObject({ error: "Forbidden.", code: "ip_not_allowed" });

    // Widened to loopback (both families): both let it in again.
    const widened = await msUntilRefusedEverywhere(servers, secret, () => setApiKeyIpAllowlist(org.actor, apiKey.id, ["203.0.113.0/24", "127.0.0.0/8", "::1"]), 30_000, 200);
    // How fast depends on how busy the machine is (the pass proves the notification reached both): logged, not asserted.
    console.log(`[ip-allowlist] restriction enforced by both instances after ${restricted} ms, widening after ${widened} ms`);
  });

  test("X-Forwarded-For from an untrusted peer is ignored; from a trusted proxy its client counts", async () => {
    const { secret } = await issueKey(org.actor, { allowedIps: ["203.0.113.0/24"] });
    const [untrusting, behindProxy] = servers as [AppServer, AppServer];

    const spoofed = await fromForwarded(untrusting, secret, "203.0.113.5");
    expect(spoofed.status).toBe(403);
    expect(await spoofed.json()).toMatchObject({ code: "ip_not_allowed", message: expect.stringContaining("127.0.0.1") });

    expect((await fromForwarded(behindProxy, secret, "203.0.113.5")).status).toBe(200);
    // Behind the proxy, the right-most hop it did not add counts, not whatever the client put first.
    expect((await fromForwarded(behindProxy, secret, "203.0.113.5, 198.51.100.9")).status).toBe(403);
    // The header the server hands the address over in cannot be set by a client.
    const forged = await fetch(`${untrusting.url}/api/v1/me`, { headers: { "x-api-key": secret, "x-keyward-client-ip": "203.0.113.5" } });
    expect(forged.status).toBe(403);
  });
});
