// The hand-over between the app and Keyward's own server for the /api/v1
// routes the server answers itself, in front of Next's request pipeline
// (lib/server/keyward-server.ts). Next's routing, request wrappers and
// Response streaming cost /api/ping about 740 µs of CPU a request here; the
// same guarded handler called directly answers /api/v1/me at 2.3 times
// /api/ping's rate (bench/results.md).
//
// The app publishes its route table at start (instrumentation.ts), from inside
// Next's bundle, so both paths run the one copy of lib/ that Next loaded: the
// same modules, services, caches and error classes. The server only looks the
// table up here. No dependencies, so that either side can import this file.

/** A request the app's route table answers: its guarded handler, and the path's parameters. */
export type DirectRoute = {
  handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  params: Record<string, string>;
};

/** The app's matcher: method and path (without the query) → the route, or null for Next to answer. */
export type DirectRouteMatcher = (method: string, pathname: string) => DirectRoute | null;

const KEY = Symbol.for("keyward.directRoutes");
const held = globalThis as unknown as { [KEY]?: DirectRouteMatcher };

export function publishDirectRoutes(matcher: DirectRouteMatcher) {
  held[KEY] = matcher;
}

/** The published matcher; undefined until the app has started (or in development, where Next answers everything). */
export function directRoutes(): DirectRouteMatcher | undefined {
  return held[KEY];
}
