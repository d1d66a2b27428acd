// Issue 11: clients that work verbatim. The client code that API-key products
// document (tests/compat/clients/) and Keyward's own snippets
// (lib/docs/client-snippets.ts) run, unchanged but for the base URL and the
// key's variable, as real processes against a real server.
//
// What this machine cannot run is checked as far as it can be, and says so:
// Python httpx is not installed (PyPI is out of reach here), so httpx code is
// parsed with Python's own parser; there is no C# compiler, so C# code is
// checked for balanced brackets and strings only.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { EXAMPLE_BASE_URL } from "@/lib/api/openapi";
import { getPrisma } from "@/lib/db/prisma";
import { clientSnippets, type SnippetRequest } from "@/lib/docs/client-snippets";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { runCommand } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

const CLIENTS = path.resolve("tests/compat/clients");
// Inside the project, so that `import axios from "axios"` resolves; git-ignored.
const SCRATCH = path.resolve("tests/artifacts/snippets");
const db = await useTestDatabase();
let server: AppServer;
let env: Record<string, string>;

beforeAll(async () => {
  const { actor, user } = await createOrganizationActor("Compat");
  const full = await issueKey(actor, { name: "compat", scopes: ["resources:write", "usage:read", "tokens:exchange"] });
  await getPrisma().apiKey.update({ where: { id: full.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 100_000, rateLimitWindowSeconds: 3600 } });
  const readOnly = await issueKey(actor, { name: "compat read", scopes: ["resources:read"] });
  const limited = await issueKey(actor, { name: "compat limited", scopes: ["resources:read"] });
  await getPrisma().apiKey.update({ where: { id: limited.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 2, rateLimitWindowSeconds: 3600 } });
  server = await startAppServer({ databaseUrl: db.url });
  env = {
    KEYWARD_BASE_URL: server.url,
    KEYWARD_API_KEY: full.secret,
    KEYWARD_READ_ONLY_KEY: readOnly.secret,
    KEYWARD_LIMITED_KEY: limited.secret,
    KEYWARD_USER_EMAIL: user.email,
  };
  mkdirSync(SCRATCH, { recursive: true });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await stopServices();
});

async function run(command: string, args: string[]) {
  const result = await runCommand(command, args, { env: { ...process.env, ...env }, timeoutMs: 60_000 });
  expect(result.code, `${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

describe("documented client code, run verbatim", () => {
  test.each(["bearer-client-class.mjs", "axios-instance.mjs", "x-api-key-fetch.mjs", "token-exchange.mjs"])("%s", async (file) => {
    const output = await run(process.execPath, [path.join(CLIENTS, file)]);
    expect(output).toMatch(/^OK /m);
  }, 90_000);

  test("the reusable class covers every case the issue names", async () => {
    const output = await run(process.execPath, [path.join(CLIENTS, "bearer-client-class.mjs")]);
    for (const line of ["OK /me before writing", "OK PUT name and config", "OK DELETE answered JSON", "OK 400 lists name", "OK 401", "OK 403", "OK 404", "OK 429 with Retry-After"]) {
      expect(output).toContain(line);
    }
  }, 90_000);

  test("Python requests (Bearer and X-API-Key)", async () => {
    const output = await run("python3", [path.join(CLIENTS, "requests_client.py")]);
    expect(output).toContain("OK requests 400 name");
    expect(output).toContain("OK requests X-API-Key");
  }, 90_000);

  test("Python httpx: parsed, not run (httpx is not installed here)", async () => {
    await run("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", path.join(CLIENTS, "httpx_client.py")]);
  });

  test("C#: brackets and strings balanced, not compiled (no C# compiler here)", () => {
    for (const file of readdirSync(CLIENTS).filter((name) => name.endsWith(".cs"))) {
      expect(csharpStructureProblems(readFileSync(path.join(CLIENTS, file), "utf8")), file).toEqual([]);
    }
  });
});

describe("Keyward's own snippets, run verbatim against the server", () => {
  const requests: SnippetRequest[] = [
    { method: "GET", path: "/api/v1/me" },
    { method: "POST", path: "/api/v1/resources", body: { name: "Snippet", type: "compute", config: { cpu: 2, memory: "4GB" } } },
  ];

  test.each(requests.map((request) => [`${request.method} ${request.path}`, request] as const))("%s: fetch, axios, requests and curl run; httpx parses; C# is balanced", async (_name, request) => {
    const snippets = clientSnippets(EXAMPLE_BASE_URL, request).map((snippet) => ({ ...snippet, code: snippet.code.replaceAll(EXAMPLE_BASE_URL, server.url) }));
    for (const snippet of snippets) {
      const file = path.join(SCRATCH, `${snippet.language}-${request.method}.${{ fetch: "mjs", axios: "mjs", httpx: "py", requests: "py", curl: "sh", csharp: "cs" }[snippet.language]}`);
      writeFileSync(file, snippet.code);
      const expected = request.method === "POST" ? "201" : "200";
      if (snippet.language === "fetch" || snippet.language === "axios") expect(await run(process.execPath, [file])).toMatch(new RegExp(`^${expected} `));
      else if (snippet.language === "requests") expect(await run("python3", [file])).toMatch(new RegExp(`^${expected} `));
      else if (snippet.language === "curl") expect(await run("sh", ["-c", `${snippet.code} -s -o /dev/null -w '%{http_code}'`])).toBe(expected);
      else if (snippet.language === "httpx") await run("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", file]);
      else expect(csharpStructureProblems(snippet.code)).toEqual([]);
    }
  }, 120_000);
});

/** What can be checked of C# without a compiler: strings and comments closed, brackets balanced and matched. */
function csharpStructureProblems(source: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "/" && source[i + 1] === "/") {
      i = source.indexOf("\n", i);
      if (i < 0) break;
    } else if (char === '"') {
      // An interpolated string's {…} holds code; its braces are balanced too, which the scan below checks.
      const interpolated = source[i - 1] === "$";
      let j = i + 1;
      let depth = 0;
      while (j < source.length && !(source[j] === '"' && depth === 0)) {
        if (source[j] === "\\") j++;
        else if (interpolated && source[j] === "{") depth++;
        else if (interpolated && source[j] === "}") depth--;
        j++;
      }
      if (j >= source.length) problems.push(`unclosed string at ${i}`);
      i = j;
    } else if ("([{".includes(char)) stack.push(char);
    else if (")]}".includes(char) && stack.pop() !== pairs[char]) problems.push(`unmatched ${char} at ${i}`);
  }
  if (stack.length) problems.push(`unclosed ${stack.join("")}`);
  return problems;
}
