// Issue 11: the OpenAPI document is generated from the handlers' own zod
// schemas; these tests hold it to the code. (Every response the integration
// tests receive is also checked against it: tests/support/api-call.ts. The
// system test tests/system/openapi-client.test.ts calls every operation
// through a client generated from it.)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { HTTP_METHODS } from "@/lib/api/api-route";
import { openApiDocument } from "@/lib/api/openapi";
import { stopServices } from "@/lib/runtime/services";
import { withReadmeSnippets } from "@/lib/docs/readme-snippets";
import { API_TYPES_FILE, generateApiTypes } from "../contract/generate-api-types";
import { callRoute, type Handler } from "../support/api-call";
import { createOrganizationActor, issueKey } from "../support/factories";
import { runCommand } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

const document = openApiDocument();
let key: string;
beforeAll(async () => {
  const { actor } = await createOrganizationActor("Contract");
  key = (await issueKey(actor, { scopes: ["resources:write", "usage:write", "tokens:exchange"] })).secret;
});

test("Redocly's recommended lint passes with no warnings", async () => {
  const file = path.join(tmpdir(), `keyward-openapi-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(document));
  const result = await runCommand(path.resolve("node_modules/.bin/redocly"), ["lint", file, "--config", path.resolve("tests/contract/redocly.yaml"), "--format", "stylish"], {
    timeoutMs: 60_000,
  });
  const output = result.stdout + result.stderr;
  expect(result.code, output).toBe(0);
  expect(output).toContain("Your API description is valid");
  expect(output).not.toMatch(/You have \d+ warnings?/);
}, 90_000);

test("the committed client types are what the current document generates (npm run docs:generate)", async () => {
  expect(readFileSync(API_TYPES_FILE, "utf8")).toBe(await generateApiTypes());
});

test("the README's client snippets are what lib/docs/client-snippets.ts generates (npm run docs:generate)", () => {
  const readme = readFileSync("README.md", "utf8");
  expect(readme).toBe(withReadmeSnippets(readme));
  expect(readme).toContain("process.env.KEYWARD_API_KEY");
});

test("every operation carries code samples in every language, reading the key from KEYWARD_API_KEY", () => {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { "x-codeSamples": { lang: string; source: string }[] }>)) {
      expect(operation["x-codeSamples"].map((sample) => sample.lang)).toEqual(["curl", "fetch", "axios", "httpx", "requests", "csharp"]);
      for (const sample of operation["x-codeSamples"]) expect(sample.source).toContain("KEYWARD_API_KEY");
    }
  }
});

test("every method a v1 route answers (anything but 405) is in the document, and nothing else is", async () => {
  const V1 = path.resolve("app/api/v1");
  const answered: string[] = [];
  for (const dir of ["me", "resources", "resources/[id]", "usage", "auth/token-exchange"]) {
    const module = (await import(path.join(V1, dir, "route.ts"))) as Record<string, Handler>;
    const template = `/api/v1/${dir.replace("[id]", "{id}")}`;
    for (const method of HTTP_METHODS.filter((m) => m !== "HEAD")) {
      const response = await callRoute(module[method]!, { method, key, path: template.replace("{id}", "x"), params: { id: "00000000-0000-7000-8000-000000000000" }, body: method === "GET" || method === "DELETE" ? undefined : {} });
      if (response.status !== 405) answered.push(`${method} ${template}`);
    }
  }
  const documented = Object.entries(document.paths).flatMap(([template, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${template}`));
  expect(answered.sort()).toEqual(documented.sort());
  expect(readdirSync(V1).sort()).toEqual(["[...path]", "auth", "me", "openapi.json", "resources", "usage"]);
});

test("every operation names its scope, and every response is JSON with a schema", () => {
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { responses: Record<string, unknown>; operationId: string }>)) {
      expect(operation.operationId, `${method} ${template}`).toBeTruthy();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["400", "401", "402", "429", "500", "503"]));
    }
  }
  expect(Object.keys(document.components.securitySchemes)).toEqual(["bearer", "apiKey"]);
});
