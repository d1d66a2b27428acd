// Every /api/v1 route goes through withApiKey: this test walks app/api/v1 and
// fails for any route file that exports a handler the wrapper did not build,
// or that leaves an HTTP method to Next's default (which would skip it).
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { HTTP_METHODS } from "@/lib/api/api-route";
import { API_KEY_GUARD } from "@/lib/api/with-api-key";
import { matchV1Route, V1_ROUTE_TABLE } from "@/lib/api/v1/route-table";
import { stopServices } from "@/lib/runtime/services";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

const V1 = path.resolve("app/api/v1");
const EXPORTABLE_METHODS = [...HTTP_METHODS, "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

// Public on purpose, each with its reason. Anything else must be guarded.
const PUBLIC_ROUTES: Record<string, string> = {
  "openapi.json/route.ts": "the API's own description, which clients and docs read before they have a key",
};

const all = routeFiles(V1);
const files = all.filter((file) => !(path.relative(V1, file) in PUBLIC_ROUTES));

test("finds the v1 route files", () => {
  expect(all.map((file) => path.relative(V1, file)).sort()).toEqual(
    ["[...path]/route.ts", "auth/token-exchange/route.ts", "me/route.ts", "openapi.json/route.ts", "resources/[id]/route.ts", "resources/route.ts", "usage/route.ts"].sort(),
  );
});

test("the public route serves its document to GET without a key, and answers other methods with the API's JSON 405", async () => {
  const module = (await import(path.join(V1, "openapi.json/route.ts"))) as Record<string, (request: Request) => Response>;
  const document = module.GET!(new Request("http://localhost/api/v1/openapi.json"));
  expect(document.status).toBe(200);
  expect(document.headers.get("cache-control")).toMatch(/public/);
  expect((await document.json()).openapi).toBe("3.1.0");
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    const refused = module[method]!(new Request("http://localhost/api/v1/openapi.json", { method }));
    expect(refused.status, method).toBe(405);
    expect(await refused.json()).toMatchObject({ error: "Method Not Allowed.", code: "method_not_allowed" });
  }
});

describe.each(files.map((file) => [path.relative(process.cwd(), file), file]))("%s", (_name, file) => {
  test("exports every method, each built by withApiKey", async () => {
    const module = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      expect(module[method], `${method} is exported`).toBeTypeOf("function");
    }
    for (const method of EXPORTABLE_METHODS) {
      if (module[method] === undefined) continue;
      expect(Object.hasOwn(module[method] as object, API_KEY_GUARD), `${method} goes through withApiKey`).toBe(true);
    }
  });

  test("answers every method without a key with 401", async () => {
    const module = (await import(file)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
    for (const method of HTTP_METHODS) {
      const response = await module[method]!(new Request("http://localhost/api/v1/x", { method }), { params: Promise.resolve({ id: "x", path: ["x"] }) });
      expect(response.status, method).toBe(401);
    }
  });
});

// Keyward's own server answers these routes in front of Next (lib/api/v1/route-table.ts): the table must
// hold exactly the route files' handlers, or one path would skip a route, or run a handler the other does not.
describe("the table Keyward's server answers /api/v1 from", () => {
  // The route files the table leaves to Next, each with its reason.
  const LEFT_TO_NEXT: Record<string, string> = {
    "[...path]/route.ts": "an unknown path: the authenticated 404, which is not worth a fast path",
    "openapi.json/route.ts": "public and cached by clients",
  };
  const patternOf = (file: string) =>
    "/api/v1/" + path.dirname(path.relative(V1, file)).replace(/\[([^\].]+)\]/g, "{$1}").split(path.sep).join("/");

  test("has every other route file, with the very handlers the file exports, and nothing else", async () => {
    const served = all.filter((file) => !(path.relative(V1, file) in LEFT_TO_NEXT));
    expect(Object.keys(V1_ROUTE_TABLE).sort()).toEqual(served.map(patternOf).sort());
    for (const file of served) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) expect(V1_ROUTE_TABLE[patternOf(file)]![method], `${patternOf(file)} ${method}`).toBe(module[method]);
    }
  });

  test("matches exact paths only, with the path's parameter decoded as Next gives it; anything else is Next's", () => {
    expect(matchV1Route("GET", "/api/v1/me")?.handler).toBe(V1_ROUTE_TABLE["/api/v1/me"]!.GET);
    expect(matchV1Route("DELETE", "/api/v1/resources/r%20one")).toEqual({ handler: V1_ROUTE_TABLE["/api/v1/resources/{id}"]!.DELETE, params: { id: "r one" } });
    for (const [method, pathname] of [
      ["GET", "/api/v1/me/"],
      ["GET", "/api/v1//me"],
      ["GET", "/api/v1/ME"],
      ["GET", "/api/v1/resources/"],
      ["GET", "/api/v1/resources/%E0%A4%A"],
      ["GET", "/api/v1/resources/a/b"],
      ["GET", "/api/v1/nothing"],
      ["GET", "/api/v1/openapi.json"],
      ["OPTIONS", "/api/v1/me"],
      ["TRACE", "/api/v1/me"],
    ]) {
      expect(matchV1Route(method!, pathname!), `${method} ${pathname}`).toBeNull();
    }
  });
});
