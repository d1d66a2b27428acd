// Where sign-in may send a person back to. Shared by the sign-in page and next-auth's redirect callback.

/** The dashboard's own pages: the only places sign-in may return to. */
export const DASHBOARD_SECTIONS = ["keys", "review", "usage", "audit-log", "webhooks", "settings", "system"] as const;
const DEFAULT_RETURN_PATH = "/keys";

// A path of plain segments under one of the sections, then an optional query.
// No "%", "\\", ":" or empty segment can pass, so no decoding a browser or
// proxy does later (%2e%2e, %2f, "\\" → "/", "/./") can turn it into "//host".
const RETURN_PATH = new RegExp(`^/(?:${DASHBOARD_SECTIONS.join("|")})(?:/[A-Za-z0-9._~-]+)*/?(?:\\?[A-Za-z0-9._~=&%+-]*)?$`);

/**
 * Where to go after sign-in: a same-origin dashboard path, or else the keys
 * page. An allowlist rather than a blocklist: every open redirect reported
 * (`/.//evil.example`, `/..//x`, `/%2e%2e//x`) was a value that looked like a
 * path and resolved to another host.
 */
export function safeReturnPath(value: unknown, fallback = DEFAULT_RETURN_PATH): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== "string" || candidate.length > 2_048 || !RETURN_PATH.test(candidate)) return fallback;
  // "." and ".." segments are plain characters to the pattern; refuse them rather than resolve them.
  if (candidate.split("?")[0]!.split("/").some((segment) => segment === "." || segment === "..")) return fallback;
  return candidate;
}
