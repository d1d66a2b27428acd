// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas that
// the handlers parse their input with and validate their output against
// (respond.ts), so the document cannot drift from the code. Served at
// GET /api/v1/openapi.json and rendered at /docs/api. The contract tests
// (tests/integration/openapi-contract.test.ts) lint it, check every response
// the API gives against it, and call every route through a client generated
// from it.
import { z } from "zod";
import { ALL_SCOPES, type Scope } from "@/lib/api-keys/scopes";
import { ListResourcesQuerySchema, ResourceDeletedSchema, ResourceInputSchema, ResourceListSchema, ResourceOutputSchema, ResourcePatchSchema, ResourceReplaceSchema } from "@/lib/resources/schemas";
import { TokenExchangeInputSchema, TokenExchangeOutputSchema } from "@/lib/tokens/token-exchange";
import { UsageRangeSchema } from "@/lib/usage/usage-queries";
import { clientSnippets, type Snippet, type SnippetRequest } from "@/lib/docs/client-snippets";
import type { ErrorCodeWithStatus } from "@/lib/errors";
import { MeOutputSchema } from "./v1/me";
import { KeyUsageSchema } from "./v1/usage";

type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** null: any valid key or token. */
  scope: Scope | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: number; description: string; schema: z.ZodType; headers?: Record<string, string> };
  /** Errors this operation can answer beyond those of every operation (400, 401, 402, 403, 429, 500, 503). */
  errors: number[];
  /** The request its code samples make (x-codeSamples, from lib/docs/client-snippets.ts). */
  example: SnippetRequest;
};

/** Where the samples point: the README's quick start. */
export const EXAMPLE_BASE_URL = "http://localhost:3000";
const EXAMPLE_RESOURCE = { name: "My Resource", type: "compute", config: { cpu: 2, memory: "4GB" } };

const ID = { name: "id", in: "path", required: true, description: "The resource's id.", schema: { type: "string", format: "uuid" } };

const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    summary: "The calling key",
    description: "The key's id, hint, name, environment, the scopes in force and its organization; with a token, the user it acts for. Call it to check a key before writing with it.",
    scope: null,
    success: { status: 200, description: "The calling key.", schema: MeOutputSchema },
    errors: [],
    example: { method: "GET", path: "/api/v1/me" },
  },
  {
    method: "get",
    path: "/api/v1/resources",
    operationId: "listResources",
    summary: "List resources",
    description: "A page of the key's environment's resources, oldest first. Pass `nextCursor` as `cursor` for the next page.",
    scope: "resources:read",
    query: ListResourcesQuerySchema,
    success: { status: 200, description: "A page of resources.", schema: ResourceListSchema },
    errors: [400, 403],
    example: { method: "GET", path: "/api/v1/resources?limit=20" },
  },
  {
    method: "post",
    path: "/api/v1/resources",
    operationId: "createResource",
    summary: "Create a resource",
    scope: "resources:write",
    body: ResourceInputSchema,
    success: { status: 201, description: "The new resource.", schema: ResourceOutputSchema, headers: { Location: "Where the new resource is." } },
    errors: [400, 403, 413],
    example: { method: "POST", path: "/api/v1/resources", body: EXAMPLE_RESOURCE },
  },
  {
    method: "get",
    path: "/api/v1/resources/{id}",
    operationId: "getResource",
    summary: "Get a resource",
    scope: "resources:read",
    success: { status: 200, description: "The resource.", schema: ResourceOutputSchema },
    errors: [403, 404],
    example: { method: "GET", path: "/api/v1/resources/RESOURCE_ID" },
  },
  {
    method: "put",
    path: "/api/v1/resources/{id}",
    operationId: "replaceResource",
    summary: "Replace a resource",
    description: "Replaces name and config (config left out is `{}`); the type is kept unless sent.",
    scope: "resources:write",
    body: ResourceReplaceSchema,
    success: { status: 200, description: "The resource as replaced.", schema: ResourceOutputSchema },
    errors: [400, 403, 404, 413],
    example: { method: "PUT", path: "/api/v1/resources/RESOURCE_ID", body: { name: "Renamed", config: { cpu: 4 } } },
  },
  {
    method: "patch",
    path: "/api/v1/resources/{id}",
    operationId: "updateResource",
    summary: "Change some of a resource's fields",
    scope: "resources:write",
    body: ResourcePatchSchema,
    success: { status: 200, description: "The resource as changed.", schema: ResourceOutputSchema },
    errors: [400, 403, 404, 413],
    example: { method: "PATCH", path: "/api/v1/resources/RESOURCE_ID", body: { config: { cpu: 8 } } },
  },
  {
    method: "delete",
    path: "/api/v1/resources/{id}",
    operationId: "deleteResource",
    summary: "Delete a resource",
    scope: "resources:write",
    success: { status: 200, description: "The resource is gone.", schema: ResourceDeletedSchema },
    errors: [403, 404],
    example: { method: "DELETE", path: "/api/v1/resources/RESOURCE_ID" },
  },
  {
    method: "get",
    path: "/api/v1/usage",
    operationId: "getUsage",
    summary: "The calling key's usage",
    description: "Requests by status class over time, latency and top routes (written every 2 s, so a few seconds behind), with the key's rate limit and quota.",
    scope: "usage:read",
    query: z.object({ range: UsageRangeSchema }),
    success: { status: 200, description: "The key's usage.", schema: KeyUsageSchema },
    errors: [400, 403],
    example: { method: "GET", path: "/api/v1/usage?range=7d" },
  },
  {
    method: "post",
    path: "/api/v1/auth/token-exchange",
    operationId: "exchangeToken",
    summary: "Exchange the key for a token acting for one member",
    description:
      "Returns a short-lived ES256 JWT (15 minutes by default) for a member of the key's organization, by id or email. Its scopes are the key's, narrowed to the member's role. Verify it with the keys at `/.well-known/jwks.json`, or send it to /api/v1 as a bearer token.",
    scope: "tokens:exchange",
    body: TokenExchangeInputSchema,
    success: { status: 200, description: "The token.", schema: TokenExchangeOutputSchema },
    errors: [400, 403, 404, 413],
    example: { method: "POST", path: "/api/v1/auth/token-exchange", body: { userId: "ada@example.com" } },
  },
];

/** The statuses /api/v1 answers with, and the codes of each (typed by lib/errors.ts's ERROR_CODES, so a code listed under the wrong status does not compile). */
const ERRORS: { [S in 400 | 401 | 402 | 403 | 404 | 413 | 429 | 500 | 503]: { description: string; codes: ErrorCodeWithStatus<S>[] } } = {
  400: { description: "The request is not valid: `fields` and `errors` name each problem.", codes: ["validation_failed", "invalid_json", "key_in_query", "conflicting_keys"] },
  401: { description: "No key or token, or one that is not valid, expired or revoked.", codes: ["missing_key", "invalid_key", "expired_key", "revoked_key", "invalid_token", "expired_token"] },
  402: { description: "A metered key's prepaid credits do not cover this request (`balance`, `cost`).", codes: ["credits_exhausted"] },
  403: {
    description: "The key or token lacks the scope this operation needs (`required`), or the key (or the key a token acts for) may not be used from the client's IP address.",
    codes: ["insufficient_scope", "token_cannot_exchange", "ip_not_allowed"],
  },
  404: { description: "No such resource, or none the caller can see.", codes: ["not_found"] },
  413: { description: "The body is larger than 1 MB.", codes: ["payload_too_large"] },
  429: { description: "Over the key's rate limit or monthly quota. Retry after `Retry-After` seconds.", codes: ["rate_limited", "quota_exceeded"] },
  500: { description: "A bug: the body names the `requestId` that the server log has.", codes: ["internal_error"] },
  503: { description: "Overloaded, or the database is unreachable. Retry after `Retry-After` seconds.", codes: ["overloaded", "database_unavailable"] },
};
// 400: a key in the query string, or two different keys, on any operation; 402: a metered key out of credits;
// 403: a key restricted to other IP addresses (ip_not_allowed).
const EVERY_OPERATION_ERRORS = [400, 401, 402, 403, 429, 500, 503];

/** The one error shape, `{ error, code, message?, ... }`, with the members some errors add. */
export const ErrorBodySchema = z.looseObject({
  error: z.string().describe('The status\'s reason phrase, e.g. "Unauthorized."'),
  code: z.string().describe("A stable, machine-readable code."),
  message: z.string().optional().describe("What went wrong, for a person."),
  required: z.string().optional().describe("403: the scope the operation needs."),
  fields: z.record(z.string(), z.array(z.string())).optional().describe("400: problems by field."),
  errors: z.array(z.object({ field: z.string().nullable(), message: z.string() })).optional().describe("400: the same problems, as a list."),
  requestId: z.string().optional().describe("500: the id the server log names."),
  retryAfterSeconds: z.number().int().optional().describe("503: when to retry."),
  balance: z.number().int().optional().describe("402: the credits left."),
  cost: z.number().int().optional().describe("402: what the request costs."),
});

const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": { $ref: "#/components/headers/X-RateLimit-Limit" },
  "X-RateLimit-Remaining": { $ref: "#/components/headers/X-RateLimit-Remaining" },
  "X-RateLimit-Reset": { $ref: "#/components/headers/X-RateLimit-Reset" },
  "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
  "X-Credits-Remaining": { $ref: "#/components/headers/X-Credits-Remaining" },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** Markdown for an operation's description: what it does, then its code samples (Swagger UI renders markdown, not x-codeSamples). */
function describe(op: Operation, samples: Snippet[]): string {
  const fence: Record<Snippet["language"], string> = { curl: "sh", fetch: "js", axios: "js", httpx: "python", requests: "python", csharp: "csharp" };
  const blocks = samples.map((sample) => `**${sample.label}**\n\n\`\`\`${fence[sample.language]}\n${sample.code}\n\`\`\``);
  return [...(op.description ? [op.description] : []), "#### Code samples (the key in `KEYWARD_API_KEY`)", ...blocks].join("\n\n");
}

function operationObject(op: Operation) {
  const samples = clientSnippets(EXAMPLE_BASE_URL, op.example);
  const parameters = [
    ...(op.path.includes("{id}") ? [ID] : []),
    ...(op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema as z.ZodType, "input") }))
      : []),
  ];
  const errorStatuses = [...new Set([...op.errors, ...EVERY_OPERATION_ERRORS])].sort();
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: describe(op, samples),
    tags: [op.path.split("/")[3] === "auth" ? "token exchange" : op.path.split("/")[3]!],
    ...(op.scope ? { "x-required-scope": op.scope } : {}),
    "x-codeSamples": samples.map((snippet) => ({ lang: snippet.language, label: snippet.label, source: snippet.code })),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    responses: {
      [op.success.status]: {
        description: op.success.description,
        headers: { ...RATE_LIMIT_HEADERS, ...Object.fromEntries(Object.entries(op.success.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: "string" } }])) },
        content: { "application/json": { schema: jsonSchema(op.success.schema, "output") } },
      },
      ...Object.fromEntries(errorStatuses.map((status) => [status, { $ref: `#/components/responses/Error${status}` }])),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyward API",
      version: "1",
      description:
        "Every request carries an API key (or a token from token exchange) as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Each operation needs the scope it names; each response carries the key's rate-limit headers and `X-Request-Id`.",
    },
    servers: [{ url: "/", description: "This Keyward server" }],
    security: [{ bearer: [] }, { apiKey: [] }],
    tags: [
      { name: "me", description: "The calling key." },
      { name: "resources", description: "Your resources, per environment." },
      { name: "usage", description: "The calling key's usage." },
      { name: "token exchange", description: "Short-lived tokens acting for one member." },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "API key (kw_live_…) or a JWT from token exchange", description: `Scopes: ${ALL_SCOPES.join(", ")}.` },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "The same API key, in its own header." },
      },
      headers: {
        "X-RateLimit-Limit": { description: "Requests the key may make per window.", schema: { type: "integer" } },
        "X-RateLimit-Remaining": { description: "Requests left in this window.", schema: { type: "integer" } },
        "X-RateLimit-Reset": { description: "When the window resets (Unix seconds).", schema: { type: "integer" } },
        "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
        "X-Credits-Remaining": { description: "A metered key's prepaid credits left, after this request (absent for keys that are not metered).", schema: { type: "integer" } },
        "X-Request-Id": { description: "This request's id, as the server log names it.", schema: { type: "string", format: "uuid" } },
      },
      schemas: { Error: jsonSchema(ErrorBodySchema, "output") },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, { description, codes }]) => [
          `Error${status}`,
          {
            description: `${description} Codes: ${codes.map((code) => `\`${code}\``).join(", ")}.`,
            headers: status === "402"
              ? { "X-Credits-Remaining": { $ref: "#/components/headers/X-Credits-Remaining" }, "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } }
              : ["429", "503"].includes(status) ? { "Retry-After": { $ref: "#/components/headers/Retry-After" }, "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } } : { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
}
