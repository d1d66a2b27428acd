// Every dashboard page, found on disk (a new page is covered without editing
// this test), requested signed in with each query parameter it reads repeated
// (?q=a&q=b: Next hands the page an array) and with nonsense values. None may
// answer with a 500 or Next's error page (issue 9: /keys?q=a&q=b crashed).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey, TEST_PASSWORD } from "../support/factories";
import { signInOverHttp } from "../support/http-session";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let server: AppServer;
let cookie: string;
let keyId: string;

type Page = { file: string; route: string; params: string[] };

/** app/**\/page.tsx as routes, with the parameter names each passes to readSearchParams. */
function discoverPages(dir = "app"): Page[] {
  const pages: Page[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "api") pages.push(...discoverPages(full));
    } else if (entry.name === "page.tsx") {
      const source = readFileSync(full, "utf8");
      const names = [...source.matchAll(/readSearchParams\([^,]+,\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((n) => n[1]!));
      const route = "/" + path.relative("app", dir).split(path.sep).filter((segment) => !segment.startsWith("(")).join("/");
      pages.push({ file: full, route, params: names });
    }
  }
  return pages;
}

const PAGES = discoverPages();

beforeAll(async () => {
  server = await startAppServer({ databaseUrl: db.url });
  const { actor, user } = await createOrganizationActor("Pages");
  keyId = (await issueKey(actor, { name: "page key" })).apiKey.id;
  cookie = await signInOverHttp(server.url, user.email, TEST_PASSWORD);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await stopServices();
});

function urlOf(route: string, query: string) {
  return `${route.replace("[id]", keyId)}${query ? `?${query}` : ""}`;
}

async function get(url: string) {
  const response = await fetch(`${server.url}${url}`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  return { status: response.status, body };
}

describe("every page with hostile query parameters", () => {
  test("the walk finds the dashboard's pages and the parameters they read", () => {
    expect(PAGES.map((p) => p.route)).toEqual(expect.arrayContaining(["/keys", "/keys/[id]", "/audit-log", "/review", "/usage", "/settings", "/sign-in"]));
    expect(PAGES.find((p) => p.route === "/keys")!.params).toEqual(["q", "status", "env", "cursor"]);
  });

  test("every page that reads query parameters reads them through readSearchParams", () => {
    for (const page of PAGES) {
      const source = readFileSync(page.file, "utf8");
      if (!source.includes("searchParams")) continue;
      expect(source, page.file).toMatch(/readSearchParams\(await searchParams,/);
      expect(source.match(/await searchParams/g)!.length, `${page.file} awaits searchParams outside readSearchParams`).toBe(source.match(/readSearchParams\(await searchParams/g)!.length);
    }
  });

  test.each(PAGES.map((page) => [page.route, page] as const))("%s", async (_route, page) => {
    // Its own parameters, and every name any page has used, in case one reads a parameter another way.
    const names = [...new Set([...page.params, ...PAGES.flatMap((p) => p.params), "q", "range", "cursor", "actor", "action"])];
    const queries = [
      names.map((n) => `${n}=a&${n}=b`).join("&"), // every parameter twice
      names.map((n) => `${n}=`).join("&"), // empty
      names.map((n) => `${n}=%00%ED%A0%80`).join("&"), // NUL and a lone surrogate's bytes
      names.map((n) => `${n}=${"x".repeat(3_000)}`).join("&"), // long
      "range=forever&cursor=not-a-uuid&status=nope&env=mars&flag=unknown&action=%3Cscript%3E",
    ];
    for (const query of queries) {
      const answer = await get(urlOf(page.route, query));
      expect(answer.status, `${urlOf(page.route, query).slice(0, 120)}`).toBeLessThan(500);
      expect(answer.body).not.toMatch(/Application error|Internal Server Error/);
    }
  });

  test("a key page for an id that is not a UUID, or not ours, is a 404, not a 500", async () => {
    for (const id of ["not-a-uuid", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "%00"]) {
      expect((await get(`/keys/${id}?range=7d&range=30d`)).status).toBe(404);
    }
  });
});
