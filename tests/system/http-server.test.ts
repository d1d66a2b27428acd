// Keyward's own HTTP server in front of Next (issue 9): the client address it
// believes, the security headers it sets, and the methods /api/v1 answers.
// Against the production build, as `npm start` serves it.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { eventually, startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey, uniqueEmail } from "../support/factories";
import { postCredentials } from "../support/http-session";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let plain: AppServer; // trusts no proxy
let proxied: AppServer; // TRUSTED_PROXIES=loopback: as if behind a proxy on this machine
let secret: string;

beforeAll(async () => {
  [plain, proxied] = await Promise.all([
    startAppServer({ databaseUrl: db.url }),
    startAppServer({ databaseUrl: db.url, env: { TRUSTED_PROXIES: "loopback" } }),
  ]);
  const { actor } = await createOrganizationActor("Server");
  secret = (await issueKey(actor, { scopes: ["resources:read"] })).secret;
}, 120_000);

afterAll(async () => {
  await Promise.all([plain?.stop(), proxied?.stop()]);
  await stopServices();
});

/** One failed sign-in through next-auth's real flow, with the given extra headers. */
async function failSignIn(server: AppServer, email: string, headers: Record<string, string>) {
  const { response } = await postCredentials(server.url, email, "not the password", headers);
  expect(response.status).toBeLessThan(500);
}

/** Which client addresses were charged for failed sign-ins. */
async function chargedIps(): Promise<string[]> {
  const rows = await getPrisma().signInThrottle.findMany({ where: { key: { startsWith: "ip:" } }, select: { key: true } });
  return rows.map((row) => row.key.slice(3)).sort();
}

describe("the client address", () => {
  test("a forged X-Forwarded-For is ignored when no proxy is trusted, and the right-most untrusted hop counts behind a trusted one", async () => {
    await getPrisma().signInThrottle.deleteMany();
    await failSignIn(plain, uniqueEmail("forger"), { "x-forwarded-for": "198.51.100.77", "x-keyward-client-ip": "198.51.100.78" });
    expect(await chargedIps()).toEqual(["127.0.0.1"]);

    await getPrisma().signInThrottle.deleteMany();
    await failSignIn(proxied, uniqueEmail("proxied"), { "x-forwarded-for": "203.0.113.1, 198.51.100.79", "x-keyward-client-ip": "198.51.100.78" });
    expect(await chargedIps()).toEqual(["198.51.100.79"]);
  });
});

describe("security headers", () => {
  test("pages get nosniff, a referrer policy, no framing and a nonce CSP that every script carries", async () => {
    const response = await fetch(`${plain.url}/sign-in`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toBeNull(); // plain HTTP
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = (await fetch(`${plain.url}/sign-in`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  test("API responses get nosniff and a referrer policy, and no page-only work", async () => {
    const response = await fetch(`${plain.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  test("HSTS only when the client used HTTPS, as told by a trusted proxy", async () => {
    const viaProxy = await fetch(`${proxied.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(viaProxy.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const forged = await fetch(`${plain.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(forged.headers.get("strict-transport-security")).toBeNull();
  });
});

/** A raw request, so that any method name can be sent. */
function send(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(`${plain.url}${path}`, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Writes a raw request (one Node's HTTP client cannot send) and returns all the server wrote before closing. */
function rawExchange(request: string) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(plain.port, "127.0.0.1", () => socket.write(request));
    let data = "";
    socket.on("data", (chunk) => (data += chunk));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => reject(new Error(`no answer to ${request.split(" ")[0]}: the connection hung`)));
  });
}

describe("every method on /api/v1", () => {
  const PATHS = ["/api/v1/me", "/api/v1/resources", "/api/v1/resources/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "/api/v1/no-such-route"];

  test.each(["TRACE", "PROPFIND", "LOCK", "MKCOL", "PURGE", "SEARCH"])("%s gets the JSON 405 with Allow, on every route", async (method) => {
    for (const path of PATHS) {
      const response = await send(method, path, { authorization: `Bearer ${secret}` });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
      expect(JSON.parse(response.body)).toMatchObject({ error: "Method Not Allowed.", code: "method_not_allowed" });
    }
  });

  test("the routable methods get the route's own answer, in JSON, never an empty 400 or a 500", async () => {
    for (const path of PATHS) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const response = await send(method, path);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(JSON.parse(response.body)).toMatchObject({ error: "Unauthorized." });
      }
      expect((await send("HEAD", path)).status).toBe(401);
      // OPTIONS: no CORS for secret keys; Next answers with the route's Allow and no body.
      const options = await send("OPTIONS", path);
      expect(options.status).toBe(204);
      expect(options.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });

  test("a method Node's parser refuses (FOO) gets a JSON 400, not an empty one", async () => {
    const answer = await rawExchange("FOO /api/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(answer.split("\r\n\r\n")[1]!)).toMatchObject({ error: "Bad Request.", code: "bad_request" });
  });

  test("CONNECT is refused with 405, not left hanging", async () => {
    const answer = await rawExchange("CONNECT /api/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 405/);
  });
});

// In production Keyward's server hands /api/v1 requests to the app's handlers itself, in front of Next
// (lib/server/direct-routes.ts): over real HTTP, requests with bodies, HEAD, errors and parameters must be
// answered exactly as the route files answer them.
describe("/api/v1 answered by Keyward's server itself", () => {
  test("a JSON body is read from the connection: created, refused when malformed or over 1 MB, and the path's id reaches the handler", async () => {
    const { actor } = await createOrganizationActor("Direct");
    const writer = (await issueKey(actor, { scopes: ["resources:write"] })).secret;
    const post = (body: string) =>
      fetch(`${plain.url}/api/v1/resources`, { method: "POST", headers: { authorization: `Bearer ${writer}`, "content-type": "application/json" }, body });

    const created = await post(JSON.stringify({ name: "over the wire", type: "compute" }));
    expect(created.status).toBe(201);
    const resource = (await created.json()) as { id: string; name: string };
    expect(created.headers.get("location")).toBe(`/api/v1/resources/${resource.id}`);
    expect(created.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    expect(created.headers.get("x-content-type-options")).toBe("nosniff");

    expect(await (await post("{not json")).json()).toMatchObject({ error: "Bad Request." });
    const huge = await post(JSON.stringify({ name: "x".repeat(1_100_000), type: "compute" }));
    expect(huge.status).toBe(413);

    const item = await fetch(`${plain.url}/api/v1/resources/${encodeURIComponent(resource.id)}`, { headers: { authorization: `Bearer ${writer}` } });
    expect(await item.json()).toMatchObject({ id: resource.id, name: "over the wire" });
  });

  test("a Host header that is no host (a client's to choose) is answered at once, not left hanging", async () => {
    // Such a request once held one of the KEYWARD_MAX_IN_FLIGHT slots until the request timeout: a few hundred starved the API.
    for (const host of ["a b", "[::1", "%"]) {
      const answer = await rawExchange(`GET /api/v1/me HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${secret}\r\nConnection: close\r\n\r\n`);
      expect(answer, host).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer, host).toContain('"environment":"test"');
    }
  });

  test("a client that hangs up halfway through its body does not leave the request hanging in the server", async () => {
    const { actor } = await createOrganizationActor("Hang-up");
    const writer = (await issueKey(actor, { scopes: ["resources:write"] })).secret;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(plain.port, "127.0.0.1", () => {
        socket.write(`POST /api/v1/resources HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${writer}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"half`);
        setTimeout(() => socket.destroy(), 200);
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    // The guard finishes the request (its log line is written), rather than waiting for the rest of the body forever.
    await eventually(
      async () => plain.output(),
      (output) => /"method":"POST","route":"\/api\/v1\/resources","status":\d{3}/.test(output),
      20_000,
      () => plain.output().slice(-2_000),
    );
  }, 60_000);

  test("HEAD answers the headers without a body; a wrong key, a missing route and OPTIONS answer as before", async () => {
    const head = await fetch(`${plain.url}/api/v1/me`, { method: "HEAD", headers: { authorization: `Bearer ${secret}` } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // Answered without Next's pipeline, which marks each of its answers with "Vary: rsc, …" (as it does the 404 below).
    expect(head.headers.get("vary")).toBeNull();

    const wrong = await fetch(`${plain.url}/api/v1/me`, { headers: { authorization: "Bearer kw_test_nothing" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "Unauthorized.", code: "invalid_key" });

    // Left to Next: the catch-all's authenticated 404 and OPTIONS.
    const missing = await fetch(`${plain.url}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${secret}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "Not Found." });
    expect(missing.headers.get("vary")).toContain("rsc");
    expect((await fetch(`${plain.url}/api/v1/me`, { method: "OPTIONS" })).status).toBeLessThan(500);
  });
});
