// Calls an /api/v1 route handler with a real Request, as Next would, and
// checks the response against the OpenAPI document on the way back: every
// response an integration test receives is a contract check too.
import { expect } from "vitest";
import { API_KEY_GUARD, type GuardOptions } from "@/lib/api/with-api-key";
import { contractProblems } from "./openapi-contract";

// Any route's handler: the params are whatever the test passes (Promise<never> fits every route's own type).
export type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
export type CallInit = { method?: string; path?: string; key?: string; headers?: Record<string, string>; body?: unknown; params?: object };

export async function callRoute(handler: Handler, init: CallInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const method = init.method ?? "GET";
  const request = new Request(`http://localhost${init.path ?? "/api/v1/me"}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) as Promise<never> });
  // The route's pattern, as the wrapper was told it: the document's path.
  const route = (handler as unknown as Record<symbol, GuardOptions | undefined>)[API_KEY_GUARD]?.route;
  if (route && method !== "HEAD") {
    const text = await response.clone().text();
    expect(contractProblems(method, route, response.status, text ? JSON.parse(text) : null)).toEqual([]);
  }
  return response;
}

export async function json(response: Response) {
  return { status: response.status, body: await response.json() };
}
