// Where an /api/v1 request carries its key: `Authorization: Bearer <key>`
// (scheme in any case) or `X-API-Key: <key>`. Never the URL, where proxies,
// logs and browser history would keep it.
import { BadRequestError, UnauthorizedError } from "@/lib/errors";

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;
// Names compared after folding case and dropping spaces, "_", "-" and ".", so
// that API_KEY, " Api-Key", "api.key" and "api%5Fkey" (decoded by URL) all match.
const KEY_LIKE_PARAMS = new Set(["apikey", "xapikey", "key", "accesstoken", "token", "auth", "authorization", "bearer", "secret"]);
// A key's shape anywhere in a value (any case, any padding, inside a longer value).
const LOOKS_LIKE_A_KEY = /(?:^|[^a-z0-9])[a-z][a-z0-9]{1,15}_(?:live|test)_/i;

function isKeyLikeName(name: string): boolean {
  return KEY_LIKE_PARAMS.has(name.toLowerCase().replace(/[\s_.-]+/g, ""));
}

export function readApiKey(request: Request): string {
  // Most requests have no query string: skip parsing the URL (a microsecond or two) for them.
  const search = request.url.includes("?") ? new URL(request.url).searchParams : [];
  for (const [name, value] of search) {
    if (isKeyLikeName(name) || LOOKS_LIKE_A_KEY.test(value) || LOOKS_LIKE_A_KEY.test(name)) {
      throw new BadRequestError(
        "key_in_query",
        "API keys are not accepted in the query string. Send the key in the Authorization: Bearer header (or X-API-Key), and rotate it if this URL was logged.",
      );
    }
  }

  const authorization = request.headers.get("authorization");
  const fromAuthorization = authorization === null ? null : (BEARER.exec(authorization)?.[1] ?? "");
  const fromHeader = request.headers.get("x-api-key")?.trim() ?? null;

  if (fromAuthorization === "") {
    throw new UnauthorizedError("missing_key", "Send the key as Authorization: Bearer <key>; other schemes are not supported.");
  }
  if (fromAuthorization && fromHeader && fromAuthorization !== fromHeader) {
    throw new BadRequestError("conflicting_keys", "The Authorization and X-API-Key headers carry different keys. Send one key.");
  }
  const key = fromAuthorization || fromHeader;
  if (!key) throw new UnauthorizedError("missing_key", "Send an API key in the Authorization: Bearer header or X-API-Key.");
  return key;
}
