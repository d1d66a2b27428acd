// Every /api/v1 success body goes through its schema on the way out, so what
// the API returns is what the OpenAPI document (lib/api/openapi.ts) says, and
// a field that should never leave (a hash, a secret) cannot slip in: zod
// objects drop unknown keys.
//
// A handler returns a reply, not a Response: the wrapper (with-api-key.ts)
// builds the one Response with every header it needs (rate limit, request id)
// at once. Setting six headers on a finished Response cost about 15 µs a
// request, a sixth of everything /api/v1 adds to a request (bench/results.md).
import type { z } from "zod";

export type ApiReply = { status: number; json: string; headers?: Record<string, string> };

export function respond<S extends z.ZodType>(schema: S, body: z.input<S>, init: { status?: number; headers?: Record<string, string> } = {}): ApiReply {
  return { status: init.status ?? 200, json: JSON.stringify(schema.parse(body)), headers: init.headers };
}

/**
 * A reply that depends only on `owner` (an object that is replaced, never
 * changed, when what it holds changes: a cached VerifiedKey is): validated and
 * serialized once, then reused for every request that brings the same object.
 */
export function replyOnce<Owner extends object>(memo: WeakMap<Owner, ApiReply>, owner: Owner, build: () => ApiReply): ApiReply {
  let reply = memo.get(owner);
  if (!reply) memo.set(owner, (reply = build()));
  return reply;
}
