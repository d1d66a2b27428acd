// Keyward's HTTP server: Next's request handler behind a thin layer that only
// the server can do, because it alone sees the connection:
// - the client's address (socket + TRUSTED_PROXIES), handed to the app in a
//   header it always overwrites (client-address.ts);
// - security headers, and the CSP nonce for pages (security-headers.ts);
// - a JSON 405 for /api/v1 methods Next cannot route (TRACE, PROPFIND, …),
//   which Next would answer with an empty 400 before any handler runs;
// - time-outs suited to an API: a client that trickles its headers or body
//   is cut off (KEYWARD_HEADERS_TIMEOUT_MS, KEYWARD_REQUEST_TIMEOUT_MS);
// - admission control for /api/v1: past KEYWARD_MAX_IN_FLIGHT requests being
//   answered, the excess gets 503 + Retry-After at once, instead of queueing
//   for database connections until they time out as 500s (issue 10);
// - a bounded drain on SIGTERM/SIGINT: stop accepting, let the requests in
//   flight finish, write buffered usage, exit (KEYWARD_DRAIN_MS).
// `npm start`, `npm run dev`, the system tests and the browser tests all run it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { errorResponse } from "@/lib/api/error-response";
import { ERROR_CODES, MethodNotAllowedError, ServiceUnavailableError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logging/logger";
import { heldTraffic, stopHeldServices } from "@/lib/runtime/services-holder";
import { CLIENT_IP_HEADER, compileTrustedProxies, dropUntrustedForwarding, resolveClientIp, resolveProtocol } from "./client-address";
import { directRoutes, type DirectRoute } from "./direct-routes";
import { applySecurityHeaders } from "./security-headers";

/** What Next's app routes can be called with (OPTIONS is answered by Next with the route's Allow). */
export const ROUTABLE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const ROUTABLE = new Set(ROUTABLE_METHODS);

export type KeywardServerOptions = {
  dev: boolean;
  port: number;
  hostname?: string;
  trustedProxies?: string;
  dir?: string;
  /** Whole request (headers and body), ms. */
  requestTimeoutMs?: number;
  /** /api/v1 requests answered at once; the excess is shed with 503. */
  maxInFlight?: number;
  headersTimeoutMs?: number;
};

/** Requests being answered right now, whether the server is draining, and what it shed (held where the app's metrics read it). */
const traffic = heldTraffic();

export async function startKeywardServer(options: KeywardServerOptions): Promise<Server> {
  const trust = compileTrustedProxies(options.trustedProxies);
  const app = next({ dev: options.dev, dir: options.dir ?? process.cwd(), hostname: options.hostname ?? "localhost", port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const maxInFlight = options.maxInFlight ?? 256;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  // Node checks these time-outs on an interval (30 s by default): check often enough to honour them.
  const server = createServer({ requestTimeout, headersTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) }, (request, response) => {
    traffic.inFlight++;
    response.once("close", () => {
      traffic.inFlight--;
      if (traffic.inFlight === 0) for (const resolve of traffic.idle.splice(0)) resolve();
    });
    if (traffic.draining) {
      // Finish this one, but do not keep the connection for another.
      response.setHeader("Connection", "close");
      if (request.url === "/api/health") return void sendJson(response, Response.json({ status: "draining" }, { status: 503, headers: { "Retry-After": "1" } }));
    }
    const ip = resolveClientIp(request, trust);
    if (ip) request.headers[CLIENT_IP_HEADER] = ip;
    else delete request.headers[CLIENT_IP_HEADER];
    applySecurityHeaders(request, response, { https: resolveProtocol(request, trust) === "https", dev: options.dev });
    dropUntrustedForwarding(request, trust);
    if (isV1(request.url)) {
      if (!ROUTABLE.has(request.method ?? "")) {
        traffic.shed.method_not_allowed++;
        return void sendJson(response, methodNotAllowed(request.method ?? ""));
      }
      if (traffic.apiInFlight >= maxInFlight) {
        traffic.shed.overloaded++;
        return void sendJson(response, overloaded());
      }
      traffic.apiInFlight++;
      response.once("close", () => traffic.apiInFlight--);
      // In production, the app's own /api/v1 handlers answer here, without Next's pipeline (development leaves them to Next, which reloads them).
      const direct = options.dev ? null : (directRoutes()?.(request.method ?? "", pathOf(request.url)) ?? null);
      if (direct) return void answer(answerDirectly(direct, request, response), response);
    }
    answer(handle(request, response), response);
  });
  // Node routes CONNECT apart from ordinary requests; without a listener it would hang up silently.
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  // Requests Node's parser refuses (an unknown method such as FOO, a malformed line): a JSON answer, not an empty 400.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const [reason, code, message]: [string, ErrorCode, string] =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? ["Request Timeout", "request_timeout", "The request took too long to arrive."]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? ["Request Header Fields Too Large", "headers_too_large", "The request's headers are too large."]
          : ["Bad Request", "bad_request", "The request could not be parsed."];
    const status = ERROR_CODES[code];
    const body = JSON.stringify({ error: `${reason}.`, code, message });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  // (Development's hot-reload WebSocket: Next attaches its own upgrade handler to this server on the first request.)

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept queue: a burst of connections waits to be answered (or shed with 503) instead of being reset.
    server.listen({ port: options.port, host: options.hostname, backlog: 4_096 }, () => resolve());
  });
  return server;
}

function isV1(url: string | undefined): boolean {
  return url === "/api/v1" || Boolean(url?.startsWith("/api/v1/") || url?.startsWith("/api/v1?"));
}

function overloaded(): Response {
  return errorResponse(new ServiceUnavailableError("overloaded", "Keyward is answering as many requests as it can. Retry shortly.", 1), crypto.randomUUID());
}

function methodNotAllowed(method: string): Response {
  return errorResponse(new MethodNotAllowedError(method, ROUTABLE_METHODS.filter((m) => m !== "OPTIONS")), crypto.randomUUID());
}

/** Waits for the request's answer (sent by Next, or a Response to send); a failure is never an unhandled rejection. */
function answer(pending: Promise<Response | void>, response: ServerResponse) {
  pending.then(
    (answered) => answered && sendJson(response, answered),
    (error: unknown) => {
      // Next and the API answer their own errors; this is for a failure in either itself.
      logger().error({ err: error }, "[keyward] request handler failed");
      if (!response.headersSent) void sendJson(response, errorResponse(error, crypto.randomUUID()));
      else response.destroy();
    },
  );
}

/** The path of a request's URL, without its query. */
function pathOf(url: string | undefined): string {
  const query = url?.indexOf("?") ?? -1;
  return query === -1 ? (url ?? "/") : url!.slice(0, query);
}

/** An /api/v1 request, answered by the app's handler (async: whatever throws becomes the answer's failure, never a hang). */
async function answerDirectly(direct: DirectRoute, request: IncomingMessage, response: ServerResponse): Promise<Response> {
  const reply = await direct.handler(toWebRequest(request), { params: Promise.resolve(direct.params) });
  // A body the handler did not read to the end (refused as too large, say): close the connection after
  // the answer rather than read the rest of it, so a client sending gigabytes is not waited for.
  if (!request.complete) response.setHeader("Connection", "close");
  return reply;
}

/**
 * The web Request an /api/v1 handler takes: the path and query, the headers, and the body as a stream.
 * Its origin is fixed: the handlers read only the path and query, and the Host header is the client's
 * to choose ("a b" would not even parse as a URL).
 */
function toWebRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`http://localhost${request.url ?? "/"}`, {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(request), duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * The request's body as a web stream, with back-pressure. Unlike Readable.toWeb, a handler that stops
 * reading (a body over the limit) does not destroy the socket under the answer it is about to send.
 */
function bodyStream(request: IncomingMessage): ReadableStream<Uint8Array> {
  // Once the handler has cancelled, late events from the request must not reach the controller (close() would throw).
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      request.on("data", (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) request.pause();
      });
      request.once("end", () => cancelled || controller.close());
      request.once("error", (error) => cancelled || controller.error(error));
    },
    pull() {
      request.resume();
    },
    cancel() {
      cancelled = true;
      request.pause();
    },
  });
}

async function sendJson(response: ServerResponse, answer: Response) {
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => response.setHeader(name, value));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in flight
 * finish (at most `drainMs`; then the rest are cut), write what the app
 * buffers (usage), and exit. New requests on kept-alive connections are told
 * to close. Signals after the first are ignored: the drain is already bounded.
 */
export function drainOnSignals(server: Server, options: { drainMs: number; delayMs?: number; log: (line: string) => void }) {
  const drain = async (signal: NodeJS.Signals) => {
    if (traffic.draining) return;
    traffic.draining = true;
    const started = Date.now();
    if (options.delayMs) {
      // Health answers 503 first, while the listener still accepts: load balancers take this
      // instance out of rotation before its connections are refused.
      options.log(`[keyward] ${signal}: /api/health answers 503; closing in ${options.delayMs} ms…`);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs).unref());
    }
    options.log(`[keyward] ${signal}: no new connections; finishing ${traffic.inFlight} request(s) in flight (at most ${options.drainMs} ms)…`);
    server.close();
    server.closeIdleConnections();
    const idle = traffic.inFlight === 0 ? Promise.resolve(true) : new Promise<boolean>((resolve) => traffic.idle.push(() => resolve(true)));
    const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), options.drainMs).unref());
    if (!(await Promise.race([idle, timedOut]))) {
      options.log(`[keyward] Drain time is up: closing ${traffic.inFlight} request(s) still running.`);
      server.closeAllConnections();
    }
    await stopHeldServices().catch((error: Error) => options.log(`[keyward] Shutdown: ${error.message}`));
    options.log(`[keyward] Stopped after ${Date.now() - started} ms.`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGTERM", () => void drain("SIGTERM"));
  process.on("SIGINT", () => void drain("SIGINT"));
}
