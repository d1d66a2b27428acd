import { errorResponse } from "./error-response";
import { HTTP_METHODS } from "./api-route";
import { MethodNotAllowedError } from "@/lib/errors";
import { openApiDocument } from "./openapi";

let body: string | undefined;

/**
 * /api/v1/openapi.json, the one public route under /api/v1: GET (and HEAD)
 * answer the document, public and cacheable (it changes only with a new
 * version of Keyward); every other method gets the API's JSON 405.
 */
export function openApiRoute() {
  const get = () => {
    body ??= JSON.stringify(openApiDocument());
    return new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" } });
  };
  const refuse = (request: Request) => errorResponse(new MethodNotAllowedError(request.method, ["GET", "HEAD"]), crypto.randomUUID());
  return Object.fromEntries(HTTP_METHODS.map((method) => [method, method === "GET" || method === "HEAD" ? get : refuse])) as Record<(typeof HTTP_METHODS)[number], (request: Request) => Response>;
}
