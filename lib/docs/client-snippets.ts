// Code that calls the API, in the languages API consumers use, from one
// source: the show-once screen, the README and the API reference's examples
// (x-codeSamples in the OpenAPI document) all come from here, and the
// compatibility tests run them (tests/system/client-compatibility.test.ts).
// Every snippet reads the key from KEYWARD_API_KEY, never a pasted literal:
// a key in code ends up in a repository.

export type SnippetLanguage = "curl" | "fetch" | "axios" | "httpx" | "requests" | "csharp";
export type Snippet = { language: SnippetLanguage; label: string; code: string };
export type SnippetRequest = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; path: string; body?: Record<string, unknown> };

export const KEY_VARIABLE = "KEYWARD_API_KEY";

export const SNIPPET_LABELS: Record<SnippetLanguage, string> = {
  curl: "curl",
  fetch: "JavaScript (fetch)",
  axios: "JavaScript (axios)",
  httpx: "Python (httpx)",
  requests: "Python (requests)",
  csharp: "C# (HttpClient)",
};

/** One request in every language, against `baseUrl`. */
export function clientSnippets(baseUrl: string, request: SnippetRequest = { method: "GET", path: "/api/v1/me" }): Snippet[] {
  const url = `${baseUrl}${request.path}`;
  return (Object.keys(SNIPPET_LABELS) as SnippetLanguage[]).map((language) => ({ language, label: SNIPPET_LABELS[language], code: WRITERS[language](url, request) }));
}

const json = (body: Record<string, unknown>, indent = 2) => JSON.stringify(body, null, indent);
/** An object literal as a person writes it in JavaScript: keys unquoted where they can be. */
const jsObject = (body: Record<string, unknown>) => json(body).replace(/"([A-Za-z_$][\w$]*)":/g, "$1:");
const python = (body: Record<string, unknown>) => json(body, 4).replace(/\btrue\b/g, "True").replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None");
const indentLines = (text: string, spaces: number) => text.split("\n").join(`\n${" ".repeat(spaces)}`);

const WRITERS: Record<SnippetLanguage, (url: string, request: SnippetRequest) => string> = {
  curl: (url, { method, body }) =>
    [`curl${method === "GET" ? "" : ` -X ${method}`} ${url}`, `  -H "Authorization: Bearer $${KEY_VARIABLE}"`, ...(body ? [`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(body)}'`] : [])].join(" \\\n"),

  fetch: (url, { method, body }) =>
    `const response = await fetch("${url}", {
${method === "GET" ? "" : `  method: "${method}",\n`}  headers: {
    Authorization: \`Bearer \${process.env.${KEY_VARIABLE}}\`,${body ? `\n    "Content-Type": "application/json",` : ""}
  },${body ? `\n  body: JSON.stringify(${indentLines(jsObject(body), 2)}),` : ""}
});
console.log(response.status, await response.json());`,

  axios: (url, { method, body }) =>
    `import axios from "axios";

const response = await axios.${method.toLowerCase()}("${url}",${body ? ` ${jsObject(body)},` : ""} {
  headers: { Authorization: \`Bearer \${process.env.${KEY_VARIABLE}}\` },
});
console.log(response.status, response.data);`,

  httpx: (url, { method, body }) =>
    `import os

import httpx

response = httpx.${method.toLowerCase()}(
    "${url}",
    headers={"Authorization": f"Bearer {os.environ['${KEY_VARIABLE}']}"},${body ? `\n    json=${indentLines(python(body), 4)},` : ""}
)
print(response.status_code, response.json())`,

  requests: (url, { method, body }) =>
    `import os

import requests

response = requests.${method.toLowerCase()}(
    "${url}",
    headers={"Authorization": f"Bearer {os.environ['${KEY_VARIABLE}']}"},${body ? `\n    json=${indentLines(python(body), 4)},` : ""}
    timeout=10,
)
print(response.status_code, response.json())`,

  csharp: (url, { method, body }) =>
    `using System.Net.Http.Headers;
using System.Text;

using var client = new HttpClient();
client.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("${KEY_VARIABLE}"));
${
  body
    ? `var content = new StringContent(${JSON.stringify(JSON.stringify(body))}, Encoding.UTF8, "application/json");
var response = await client.${csharpMethod(method)}("${url}", content);`
    : `var response = await client.${csharpMethod(method)}("${url}");`
}
Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");`,
};

function csharpMethod(method: SnippetRequest["method"]): string {
  return { GET: "GetAsync", POST: "PostAsync", PUT: "PutAsync", PATCH: "PatchAsync", DELETE: "DeleteAsync" }[method];
}
