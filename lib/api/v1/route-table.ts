// The /api/v1 routes that Keyward's own server answers itself, in front of
// Next (lib/server/direct-routes.ts says why). Each entry is the very object
// its app/api/v1 route file exports, so both paths run the same guarded
// handlers; tests/integration/api-routes.test.ts fails if a route file is
// missing here or differs. What the table does not match exactly (OPTIONS,
// a trailing slash, an unknown path, openapi.json) is left to Next, which
// answers it as before.
import type { DirectRoute, DirectRouteMatcher } from "@/lib/server/direct-routes";
import { HTTP_METHODS } from "../api-route";
import { meRoute } from "./me";
import { resourceCollectionRoute, resourceItemRoute } from "./resources";
import { tokenExchangeRoute } from "./token-exchange";
import { usageRoute } from "./usage";

type RouteExports = Record<(typeof HTTP_METHODS)[number], DirectRoute["handler"]>;

/** Path patterns ("{id}": one segment, as Next's [id]) → the route's exports. */
export const V1_ROUTE_TABLE: Record<string, RouteExports> = {
  "/api/v1/me": meRoute as RouteExports,
  "/api/v1/usage": usageRoute as RouteExports,
  "/api/v1/resources": resourceCollectionRoute as RouteExports,
  "/api/v1/resources/{id}": resourceItemRoute as unknown as RouteExports,
  "/api/v1/auth/token-exchange": tokenExchangeRoute as RouteExports,
};

const ROUTES = Object.entries(V1_ROUTE_TABLE).map(([pattern, exports]) => ({ segments: pattern.split("/"), exports }));
const METHODS = new Set<string>(HTTP_METHODS);

export const matchV1Route: DirectRouteMatcher = (method, pathname) => {
  if (!METHODS.has(method)) return null;
  const segments = pathname.split("/");
  for (const route of ROUTES) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < segments.length && matched; i++) {
      const expected = route.segments[i]!;
      const actual = segments[i]!;
      if (expected.startsWith("{")) {
        const value = decodeSegment(actual);
        if (value === null) matched = false;
        else params[expected.slice(1, -1)] = value;
      } else matched = expected === actual;
    }
    if (matched) return { handler: route.exports[method as keyof RouteExports], params };
  }
  return null;
};

/** A parameter as Next gives it (decoded); null for an empty or malformed one, which Next then answers. */
function decodeSegment(segment: string): string | null {
  if (segment === "") return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
