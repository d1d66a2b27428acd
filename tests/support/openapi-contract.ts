// Checks a response of /api/v1 against the OpenAPI document (lib/api/openapi.ts):
// its status must be documented for that operation, and its body must match
// the documented schema. The integration and system tests run every response
// they receive through it.
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi";

type JsonObject = Record<string, unknown>;
const document = openApiDocument() as unknown as { paths: Record<string, Record<string, JsonObject>>; components: { responses: Record<string, JsonObject>; schemas: Record<string, JsonObject> } };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "keyward-openapi", components: document.components });
const compiled = new Map<string, ValidateFunction>();

const TEMPLATES = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The documented operation for a concrete method and URL, or null (not an /api/v1 operation). */
function operationOf(method: string, url: string) {
  const pathname = new URL(url, "http://localhost").pathname;
  const template = TEMPLATES.find((t) => t.pattern.test(pathname))?.template;
  if (!template) return null;
  const operation = document.paths[template]![method.toLowerCase() === "head" ? "get" : method.toLowerCase()];
  return operation ? { template, operation } : null;
}

/** Problems with this response against the document; empty when it conforms. Undocumented routes and methods are not checked. */
export function contractProblems(method: string, url: string, status: number, body: unknown): string[] {
  const found = operationOf(method, url);
  if (!found) return [];
  const label = `${method} ${found.template} → ${status}`;
  let response = (found.operation.responses as Record<string, JsonObject>)[String(status)];
  if (!response) return [`${label}: this status is not documented for the operation.`];
  if (typeof response.$ref === "string") response = document.components.responses[response.$ref.split("/").pop()!]!;
  const schema = ((response.content as JsonObject)["application/json"] as JsonObject).schema as JsonObject;
  const key = `${label}`;
  let validate = compiled.get(key);
  if (!validate) {
    // $refs inside point at the document's components, registered above.
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"keyward-openapi#/components/'));
    validate = ajv.compile(rewritten);
    compiled.set(key, validate);
  }
  return validate(body) ? [] : [`${label}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`];
}

export { document as openApi };
