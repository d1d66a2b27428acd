// One HTTP attempt: POST the body with its signature headers, within the
// timeout, following no redirect (a 3xx is a failure: the receiver must give
// its final URL), and keep at most 1 KB of what the receiver answered. Never
// throws: every way an attempt can go wrong is an outcome for the log.
//
// Unless the operator allows private receivers, the address the request
// connects to is the one that was checked: the host name is resolved once, by
// the connection's own look-up, which refuses private addresses. (Checking a
// resolution and then letting the request resolve again would let a name that
// changes in between, DNS rebinding, reach an internal host.)
import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPrivateAddress } from "./endpoint-url";
import type { SignedHeaders } from "./signing";

export const USER_AGENT = "Keyward-Webhooks/1.0 (+https://www.standardwebhooks.com)";
export const EXCERPT_BYTES = 1024;

export type AttemptResult = { statusCode: number | null; error: string | null; latencyMs: number; excerpt: string | null };

/** Resolves a host name to its addresses (dns.lookup by default; tests give their own). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

type AttemptRequest = { url: string; headers: SignedHeaders; body: string; timeoutMs: number; allowPrivate: boolean; resolve?: Resolve };

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

class RefusedDestination extends Error {}

export async function sendAttempt(request: AttemptRequest): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // An address written in the URL is never looked up: check it as it is.
    if (!request.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return { statusCode: null, error: `Refused: ${url.hostname} is a private address.`, latencyMs: elapsed(), excerpt: null };
    }
    const { statusCode, excerpt } = await post(url, request, agentFor(url, request));
    return { statusCode, error: null, latencyMs: elapsed(), excerpt };
  } catch (error) {
    return { statusCode: null, error: describeFailure(error, request.timeoutMs), latencyMs: elapsed(), excerpt: null };
  }
}

/** The connection's look-up: resolves once, and refuses the host if any of its addresses is private. */
function publicOnlyLookup(resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
        if (blocked) throw new RefusedDestination(`Refused: ${hostname} resolves to a private address (${blocked.address}).`);
        if (addresses.length === 0) throw new RefusedDestination(`${hostname} has no address.`);
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
    ).catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}

/**
 * Connections are kept alive and reused between attempts (a receiver gets
 * many events): one pool for receivers that must be public, whose sockets all
 * connected through publicOnlyLookup, and one for when private receivers are
 * allowed. A test's own resolver gets a connection of its own.
 */
const AGENTS = {
  public: { "http:": new http.Agent({ keepAlive: true, lookup: publicOnlyLookup(systemResolve) }), "https:": new https.Agent({ keepAlive: true, lookup: publicOnlyLookup(systemResolve) }) },
  any: { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) },
};

function agentFor(url: URL, request: AttemptRequest): http.Agent | false {
  const protocol = url.protocol === "https:" ? "https:" : "http:";
  if (request.allowPrivate) return AGENTS.any[protocol];
  if (request.resolve) return protocol === "https:" ? new https.Agent({ lookup: publicOnlyLookup(request.resolve) }) : new http.Agent({ lookup: publicOnlyLookup(request.resolve) });
  return AGENTS.public[protocol];
}

/** The POST itself, with node's http client (fetch cannot take a look-up of our own); the answer's status and excerpt. */
function post(url: URL, request: AttemptRequest, agent: http.Agent | false): Promise<{ statusCode: number; excerpt: string | null }> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: "POST",
      headers: { ...request.headers, "content-type": "application/json", "content-length": Buffer.byteLength(request.body), "user-agent": USER_AGENT },
      agent,
    });
    // One deadline for the whole attempt: connecting, sending, and the answer's first 1 KB.
    const timer = setTimeout(() => outgoing.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })), request.timeoutMs);
    const settle = <T>(done: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      done(value);
    };
    outgoing.on("error", settle(reject));
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      // Cut off at 1 KB (the connection goes); read to the end, the connection is kept for the next attempt.
      const finish = (cutOff: boolean) => {
        if (cutOff) response.destroy();
        const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
        settle(resolve)({ statusCode: response.statusCode ?? 0, excerpt: text.length ? text : null });
      };
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.byteLength;
        if (size >= EXCERPT_BYTES) finish(true);
      });
      response.on("end", () => finish(false));
      response.on("error", settle(reject));
    });
    outgoing.end(request.body);
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof RefusedDestination) return error.message;
  const err = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError") return `Timed out after ${timeoutMs} ms.`;
  const cause = err.code ?? err.cause?.code ?? err.cause?.message;
  return (cause && !err.message?.includes(cause) ? `${err.message ?? "Request failed"}: ${cause}` : (err.message ?? "Request failed")).slice(0, 500);
}
