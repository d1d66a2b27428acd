// Every /api/v1 success body goes through its schema on the way out, so what
// the API returns is what the OpenAPI document (lib/api/openapi.ts) says, and
// a field that should never leave (a hash, a secret) cannot slip in: zod
// objects drop unknown keys.
import type { z } from "zod";

export function respond<S extends z.ZodType>(schema: S, body: z.input<S>, init?: ResponseInit): Response {
  return Response.json(schema.parse(body), init);
}
