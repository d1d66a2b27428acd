// Builds the exports of one /api/v1 route file: every HTTP method is exported
// and guarded, so that even a method the route does not support is
// authenticated first and then answered with a JSON 405 (or 404 for a path
// that does not exist), never with Next's bare default.
import { MethodNotAllowedError, NotFoundError } from "@/lib/errors";
import type { ApiResource } from "@/lib/api-keys/scopes";
import { withApiKey, type ApiHandler, type GuardedRoute } from "./with-api-key";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof HTTP_METHODS)[number];
type RouteExports<Params> = Record<Method, GuardedRoute<Params>>;

export function apiRoute<Params = Record<string, never>>(
  options: { route: string; resource: ApiResource | null },
  handlers: Partial<Record<Exclude<Method, "HEAD">, ApiHandler<Params>>>,
): RouteExports<Params> {
  const { route, resource } = options;
  const supported: Partial<Record<Method, ApiHandler<Params>>> = { ...handlers, ...(handlers.GET ? { HEAD: handlers.GET } : {}) };
  const allowed = HTTP_METHODS.filter((method) => supported[method]);
  const exports = {} as RouteExports<Params>;
  for (const method of HTTP_METHODS) {
    const handler = supported[method];
    exports[method] = handler
      ? withApiKey(handler, { resource, route })
      : withApiKey<Params>(async () => {
          throw new MethodNotAllowedError(method, allowed);
        }, { resource: null, route });
  }
  return exports;
}

/** For the catch-all route: an authenticated 404 in the API's error shape. */
export function notFoundRoute(): RouteExports<{ path: string[] }> {
  const notFound: ApiHandler<{ path: string[] }> = async () => {
    throw new NotFoundError("There is no such API route. See the README for the routes of /api/v1.");
  };
  const exports = {} as RouteExports<{ path: string[] }>;
  for (const method of HTTP_METHODS) exports[method] = withApiKey(notFound, { resource: null, route: "/api/v1/*" });
  return exports;
}
