// Where an /api/v1 request carries its key: `Authorization: Bearer <key>`
// (scheme in any case) or `X-API-Key: <key>`. Never the URL, where proxies,
// logs and browser history would keep it.
import { BadRequestError, UnauthorizedError } from "@/lib/errors";

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;
const KEY_LIKE_PARAMS = new Set(["api_key", "apikey", "api-key", "x-api-key", "key", "access_token", "token", "auth", "authorization"]);
const LOOKS_LIKE_A_KEY = /^[a-z][a-z0-9]{1,15}_(live|test)_/;

export function readApiKey(request: Request): string {
  const url = new URL(request.url);
  for (const [name, value] of url.searchParams) {
    if (KEY_LIKE_PARAMS.has(name.toLowerCase()) || LOOKS_LIKE_A_KEY.test(value)) {
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
