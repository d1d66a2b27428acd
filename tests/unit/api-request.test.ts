import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { errorResponse } from "@/lib/api/error-response";
import { MAX_BODY_BYTES, readJsonBody } from "@/lib/api/read-json-body";
import { readApiKey } from "@/lib/api/read-api-key";
import { logger } from "@/lib/logging/logger";
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";

const URL_BASE = "https://keyward.test/api/v1/resources";
const KEY = "kw_live_3WbG0xkQe6Y1nN8Vf2RzA7pLqT5sMc0JdHa4Ku";
const OTHER_KEY = "kw_live_9ZzZ0xkQe6Y1nN8Vf2RzA7pLqT5sMc0JdHa4Ku";

function get(headers: Record<string, string> = {}, url = URL_BASE) {
  return new Request(url, { headers });
}

/** The AppError a call throws (fails the test if it throws anything else, or nothing). */
function thrownBy(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

describe("readApiKey", () => {
  test.each([
    ["Bearer", `Bearer ${KEY}`],
    ["lower case", `bearer ${KEY}`],
    ["upper case", `BEARER ${KEY}`],
    ["mixed case", `bEaReR ${KEY}`],
    ["extra spaces", `Bearer    ${KEY}   `],
    ["a tab", `Bearer\t${KEY}`],
  ])("reads Authorization: Bearer (%s)", (_, authorization) => {
    expect(readApiKey(get({ Authorization: authorization }))).toBe(KEY);
  });

  test("reads X-API-Key, in any header case, trimmed", () => {
    expect(readApiKey(get({ "X-API-Key": KEY }))).toBe(KEY);
    expect(readApiKey(get({ "x-api-key": `  ${KEY}  ` }))).toBe(KEY);
  });

  test("accepts both headers when they carry the same key", () => {
    expect(readApiKey(get({ Authorization: `Bearer ${KEY}`, "X-API-Key": KEY }))).toBe(KEY);
  });

  test("refuses two different keys with 400 conflicting_keys", () => {
    const error = thrownBy(() => readApiKey(get({ Authorization: `Bearer ${KEY}`, "X-API-Key": OTHER_KEY })));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("conflicting_keys");
  });

  test("no key at all is 401 missing_key with a WWW-Authenticate challenge", () => {
    const error = thrownBy(() => readApiKey(get()));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.status).toBe(401);
    expect(error.code).toBe("missing_key");
    // RFC 6750 §3.1: no error code when the request sent no credentials.
    expect(error.headers["WWW-Authenticate"]).toBe('Bearer realm="keyward"');
    expect(new UnauthorizedError("invalid_key", "x").headers["WWW-Authenticate"]).toBe('Bearer realm="keyward", error="invalid_token"');
  });

  test.each([
    ["Basic", `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`],
    ["Token", `Token ${KEY}`],
    ["a bare key", KEY],
    ["Bearer without a key", "Bearer"],
    ["Bearer with two words", `Bearer ${KEY} extra`],
    ["an empty header", ""],
  ])("Authorization with %s is 401 missing_key", (_, authorization) => {
    const error = thrownBy(() => readApiKey(get({ Authorization: authorization })));
    expect(error.status).toBe(401);
    expect(error.code).toBe("missing_key");
    expect(error.headers["WWW-Authenticate"]).toBeDefined();
  });

  test("an empty X-API-Key is 401 missing_key", () => {
    expect(thrownBy(() => readApiKey(get({ "X-API-Key": "   " }))).code).toBe("missing_key");
  });

  test.each([
    `?api_key=${KEY}`,
    `?apikey=${KEY}`,
    `?API_KEY=${KEY}`,
    `?token=${KEY}`,
    "?token=",
    "?access_token=abc",
    "?key=abc",
    `?limit=10&q=${KEY}`,
    "?anything=acme_test_abc",
    `?x=1&x=${encodeURIComponent(KEY)}`,
    // Issue 9: case, padding, encoding and position must not matter.
    `?Api_Key=${KEY}`,
    `?%20api_key%20=${KEY}`,
    `?api%5Fkey=${KEY}`,
    `?API-KEY=${KEY}`,
    `?x-api-key=${KEY}`,
    `?Access_Token=abc`,
    `?q=${KEY.toUpperCase()}`,
    `?q=%20${KEY}%20`,
    `?q=prefix:${KEY}`,
    `?limit=10&cursor=x&filter=${KEY}`,
    `?${KEY}`,
    `?${KEY}=1`,
  ])("a key in the query (%s) is 400 key_in_query", (query) => {
    const error = thrownBy(() => readApiKey(get({}, URL_BASE + query)));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("key_in_query");
    expect(error.message).toMatch(/rotate/);
  });

  test("a key in the query is refused even when a valid header is also present", () => {
    const request = get({ Authorization: `Bearer ${KEY}`, "X-API-Key": KEY }, `${URL_BASE}?api_key=${KEY}`);
    expect(thrownBy(() => readApiKey(request)).code).toBe("key_in_query");
    const request2 = get({ Authorization: `Bearer ${KEY}` }, `${URL_BASE}?q=${KEY}`);
    expect(thrownBy(() => readApiKey(request2)).code).toBe("key_in_query");
  });

  test("ordinary query parameters are fine", () => {
    const request = get({ Authorization: `Bearer ${KEY}` }, `${URL_BASE}?limit=10&cursor=abc&q=kw&environment=live`);
    expect(readApiKey(request)).toBe(KEY);
  });
});

describe("errorResponse", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("an AppError answers with its status and the common body shape", async () => {
    const response = errorResponse(new NotFoundError("No such key."), "req-1");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("X-Request-Id")).toBe("req-1");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "Not Found.", code: "not_found", message: "No such key." });
  });

  test.each([
    [new BadRequestError("invalid_json", "Bad."), 400, "Bad Request."],
    [new ForbiddenError("insufficient_scope"), 403, "Forbidden."],
    [new ConflictError("already_revoked", "Taken."), 409, "Conflict."],
    [new PayloadTooLargeError(MAX_BODY_BYTES), 413, "Payload Too Large."],
    [new AppError("rate_limited", "Slow down."), 429, "Too Many Requests."],
    [new AppError("overloaded", "Try later."), 503, "Service Unavailable."],
  ])("%s → %i %s", async (error, status, reason) => {
    const response = errorResponse(error, "req-2");
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error).toBe(reason);
    expect(body.code).toBe(error.code);
    expect(body.message).toBe(error.message);
  });

  test("details become members of the body", async () => {
    const response = errorResponse(new ForbiddenError("insufficient_scope", "This key may not do that.", { required: "resources:write" }), "r");
    expect(await response.json()).toEqual({
      error: "Forbidden.",
      code: "insufficient_scope",
      message: "This key may not do that.",
      required: "resources:write",
    });
  });

  test("a ValidationError carries its fields", async () => {
    const response = errorResponse(new ValidationError({ name: ["Enter a name."] }), "r");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "Bad Request.",
      code: "validation_failed",
      message: "Some fields are not valid.",
      fields: { name: ["Enter a name."] },
      errors: [{ field: "name", message: "Enter a name." }],
    });
    // A problem with the whole body has no field.
    const whole = await errorResponse(new ValidationError({ _: ["Send at least one field."] }), "r").json();
    expect(whole.errors).toEqual([{ field: null, message: "Send at least one field." }]);
  });

  test("a 405 carries Allow", async () => {
    const response = errorResponse(new MethodNotAllowedError("DELETE", ["GET", "POST"]), "r");
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, POST");
    expect(response.headers.get("X-Request-Id")).toBe("r");
    expect(await response.json()).toMatchObject({ error: "Method Not Allowed.", code: "method_not_allowed" });
  });

  test("a 401 carries WWW-Authenticate", async () => {
    const response = errorResponse(new UnauthorizedError("invalid_key", "That key is not valid."), "r");
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="keyward"/);
    expect(await response.json()).toEqual({ error: "Unauthorized.", code: "invalid_key", message: "That key is not valid." });
  });

  test("a database that cannot be reached is a 503 with Retry-After, logged once per outage, revealing nothing", async () => {
    (globalThis as { keywardDatabaseOutageSince?: number | null }).keywardDatabaseOutageSince = null;
    const log = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const outage = new Error("connect ECONNREFUSED postgres://keyward:hunter2@db:5432");
    const answers = [errorResponse(outage, "req-1"), errorResponse(outage, "req-2")];
    for (const response of answers) {
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: "Service Unavailable.", code: "database_unavailable" });
      expect(text).not.toContain("hunter2");
    }
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
    (globalThis as { keywardDatabaseOutageSince?: number | null }).keywardDatabaseOutageSince = null;
  });

  test("any other error is a 500 that reveals nothing but the request id, which is logged", async () => {
    const log = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const secret = "Cannot read properties of undefined (reading 'id') at postgres://keyward:hunter2@db:5432";
    const response = errorResponse(new Error(secret), "req-500");
    expect(response.status).toBe(500);
    expect(response.headers.get("X-Request-Id")).toBe("req-500");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "Internal Server Error.", code: "internal_error", requestId: "req-500" });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("Cannot read");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatchObject({ requestId: "req-500", err: expect.objectContaining({ message: secret }) });
  });

  test("a thrown non-Error is a 500 too", async () => {
    vi.spyOn(logger(), "error").mockImplementation(() => {});
    const response = errorResponse("boom", "req-x");
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Internal Server Error.", code: "internal_error", requestId: "req-x" });
  });
});

describe("readJsonBody", () => {
  const Schema = z.object({ name: z.string().min(1, "Enter a name."), count: z.number().int().optional() });

  function post(body: BodyInit | null, headers: Record<string, string> = {}) {
    return new Request(URL_BASE, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
      // Required by Node's fetch for a stream body.
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  }

  /** A body of `total` bytes in 64 KiB chunks, counting how many chunks were pulled. */
  function streamOf(total: number, fill = 0x20) {
    const chunk = 64 * 1024;
    const state = { sent: 0, pulls: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        state.pulls++;
        if (state.sent >= total) return controller.close();
        const size = Math.min(chunk, total - state.sent);
        state.sent += size;
        controller.enqueue(new Uint8Array(size).fill(fill));
      },
      cancel() {
        state.cancelled = true;
      },
    }, { highWaterMark: 0 }); // pull only when read
    return { stream, state };
  }

  test("parses a valid body with the schema", async () => {
    expect(await readJsonBody(post(JSON.stringify({ name: "CI", count: 2 })), Schema)).toEqual({ name: "CI", count: 2 });
  });

  test("returns the schema's output (defaults, trims, strips unknown members)", async () => {
    const Trimming = z.object({ name: z.string().trim(), tags: z.array(z.string()).default([]) });
    expect(await readJsonBody(post('{"name":"  CI  ","extra":true}'), Trimming)).toEqual({ name: "CI", tags: [] });
  });

  test("reads a UTF-8 body", async () => {
    expect(await readJsonBody(post(JSON.stringify({ name: "Crème brûlée 🔑" })), Schema)).toEqual({ name: "Crème brûlée 🔑" });
  });

  test.each([
    ["no body", null],
    ["an empty body", ""],
    ["only whitespace", "  \n\t "],
  ])("%s is 400 invalid_json", async (_, body) => {
    const error = await rejectionOf(readJsonBody(post(body), Schema));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_json");
    expect(error.message).toMatch(/empty/);
  });

  test.each(["{", "{name: 'x'}", '{"name":"x",}', "undefined", "<xml/>"])("malformed JSON %j is 400 invalid_json", async (body) => {
    const error = await rejectionOf(readJsonBody(post(body), Schema));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_json");
    expect(error.message).toBe("The request body is not valid JSON.");
  });

  test("a body the schema refuses is 400 validation_failed naming the field", async () => {
    const error = await rejectionOf(readJsonBody(post(JSON.stringify({ name: "", count: 1.5 })), Schema));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("The request body is not valid.");
    const fields = (error as ValidationError).fields;
    expect(Object.keys(fields).sort()).toEqual(["count", "name"]);
    expect(fields.name).toEqual(["Enter a name."]);
  });

  test("nested fields are named by their path; whole-body problems go under _", async () => {
    const Nested = z.object({ limits: z.object({ max: z.number() }) });
    const nested = await rejectionOf(readJsonBody(post('{"limits":{"max":"ten"}}'), Nested));
    expect(Object.keys((nested as ValidationError).fields)).toEqual(["limits.max"]);

    const whole = await rejectionOf(readJsonBody(post("[1,2]"), Schema));
    expect(whole.code).toBe("validation_failed");
    expect(Object.keys((whole as ValidationError).fields)).toEqual(["_"]);
  });

  test("the error body lists the fields through errorResponse", async () => {
    const error = await rejectionOf(readJsonBody(post("{}"), Schema));
    const body = await errorResponse(error, "r").json();
    expect(body).toMatchObject({ error: "Bad Request.", code: "validation_failed" });
    expect(Object.keys(body.fields)).toEqual(["name"]);
  });

  test("a declared Content-Length over 1 MB is 413 without reading the body", async () => {
    const { stream, state } = streamOf(16);
    const error = await rejectionOf(readJsonBody(post(stream, { "Content-Length": String(MAX_BODY_BYTES + 1) }), Schema));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toBe("The request body is larger than 1 MB.");
    expect(state.sent).toBe(0);
  });

  test("a body of exactly 1 MB is accepted", async () => {
    const prefix = '{"name":"';
    const suffix = '"}';
    const text = prefix + "x".repeat(MAX_BODY_BYTES - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(text)).toBe(MAX_BODY_BYTES);
    const result = await readJsonBody(post(text, { "Content-Length": String(MAX_BODY_BYTES) }), Schema);
    expect(result.name).toHaveLength(MAX_BODY_BYTES - prefix.length - suffix.length);
  });

  test("a body over 1 MB streamed without Content-Length is 413, and reading stops early", async () => {
    const { stream, state } = streamOf(8 * MAX_BODY_BYTES);
    const request = post(stream);
    expect(request.headers.get("Content-Length")).toBeNull();
    const error = await rejectionOf(readJsonBody(request, Schema));
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
    expect(state.sent).toBeLessThan(2 * MAX_BODY_BYTES);
    expect(state.cancelled).toBe(true);
  });

  test("a Content-Length that understates the body does not get past the limit", async () => {
    const { stream } = streamOf(MAX_BODY_BYTES + 1);
    const error = await rejectionOf(readJsonBody(post(stream, { "Content-Length": "10" }), Schema));
    expect(error.status).toBe(413);
  });

  test("1 byte over the limit, streamed, is 413", async () => {
    const { stream } = streamOf(MAX_BODY_BYTES + 1);
    expect((await rejectionOf(readJsonBody(post(stream), Schema))).status).toBe(413);
  });
});
