// Reads and validates a JSON request body: 413 past the size limit (checked
// while streaming, so a lying Content-Length does not help), 400 for bad JSON,
// 400 with the failing fields for a body the schema refuses.
import type { z } from "zod";
import { BadRequestError, fieldErrorsFrom, PayloadTooLargeError, ValidationError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await readText(request, MAX_BODY_BYTES);
  if (!text.trim()) throw new BadRequestError("invalid_json", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues), "The request body is not valid.");
  return parsed.data;
}

async function readText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, limit));
}

/** The body's exact bytes, up to `limit` (413 past it): what a signature over the body is checked against. */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
