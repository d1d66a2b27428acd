// One HTTP attempt: POST the body with its signature headers, within the
// timeout, following no redirect (a 3xx is a failure: the receiver must give
// its final URL), and keep at most 1 KB of what the receiver answered. Never
// throws: every way an attempt can go wrong is an outcome for the log.
import "server-only";
import { lookup } from "node:dns/promises";
import { isPrivateAddress } from "./endpoint-url";
import type { SignedHeaders } from "./signing";

export const USER_AGENT = "Keyward-Webhooks/1.0 (+https://www.standardwebhooks.com)";
export const EXCERPT_BYTES = 1024;

export type AttemptResult = { statusCode: number | null; error: string | null; latencyMs: number; excerpt: string | null };

type AttemptRequest = { url: string; headers: SignedHeaders; body: string; timeoutMs: number; allowPrivate: boolean };

export async function sendAttempt(request: AttemptRequest): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    if (!request.allowPrivate) {
      // The URL was checked when it was saved; its name may resolve elsewhere since.
      const refusal = await privateDestination(new URL(request.url).hostname);
      if (refusal) return { statusCode: null, error: refusal, latencyMs: elapsed(), excerpt: null };
    }
    const response = await fetch(request.url, {
      method: "POST",
      headers: { ...request.headers, "content-type": "application/json", "user-agent": USER_AGENT },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const excerpt = await readExcerpt(response);
    return { statusCode: response.status, error: null, latencyMs: elapsed(), excerpt };
  } catch (error) {
    return { statusCode: null, error: describeFailure(error, request.timeoutMs), latencyMs: elapsed(), excerpt: null };
  }
}

async function privateDestination(hostname: string): Promise<string | null> {
  const addresses = await lookup(hostname.replace(/^\[|\]$/g, ""), { all: true });
  const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
  return blocked ? `Refused: ${hostname} resolves to a private address (${blocked.address}).` : null;
}

/** The first EXCERPT_BYTES of the body, then the rest is dropped unread. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
  return text.length ? text : null;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError") return `Timed out after ${timeoutMs} ms.`;
  const cause = err.cause?.code ?? err.cause?.message;
  return (cause ? `${err.message ?? "Request failed"}: ${cause}` : (err.message ?? "Request failed")).slice(0, 500);
}
