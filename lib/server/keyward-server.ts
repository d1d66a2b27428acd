// Keyward's HTTP server: Next's request handler behind a thin layer that only
// the server can do, because it alone sees the connection:
// - the client's address (socket + TRUSTED_PROXIES), handed to the app in a
//   header it always overwrites (client-address.ts);
// - security headers, and the CSP nonce for pages (security-headers.ts);
// - a JSON 405 for /api/v1 methods Next cannot route (TRACE, PROPFIND, …),
//   which Next would answer with an empty 400 before any handler runs.
// `npm start`, `npm run dev`, the system tests and the browser tests all run it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { errorResponse } from "@/lib/api/error-response";
import { MethodNotAllowedError } from "@/lib/errors";
import { CLIENT_IP_HEADER, compileTrustedProxies, resolveClientIp, resolveProtocol } from "./client-address";
import { applySecurityHeaders } from "./security-headers";

/** What Next's app routes can be called with (OPTIONS is answered by Next with the route's Allow). */
export const ROUTABLE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const ROUTABLE = new Set(ROUTABLE_METHODS);

export type KeywardServerOptions = { dev: boolean; port: number; hostname?: string; trustedProxies?: string; dir?: string };

export async function startKeywardServer(options: KeywardServerOptions): Promise<Server> {
  const trust = compileTrustedProxies(options.trustedProxies);
  const app = next({ dev: options.dev, dir: options.dir ?? process.cwd(), hostname: options.hostname ?? "localhost", port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    const ip = resolveClientIp(request, trust);
    if (ip) request.headers[CLIENT_IP_HEADER] = ip;
    else delete request.headers[CLIENT_IP_HEADER];
    applySecurityHeaders(request, response, { https: resolveProtocol(request, trust) === "https", dev: options.dev });
    if (isV1(request.url) && !ROUTABLE.has(request.method ?? "")) return void sendJson(response, methodNotAllowed(request.method ?? ""));
    void handle(request, response);
  });
  // Node routes CONNECT apart from ordinary requests; without a listener it would hang up silently.
  server.on("connect", (_request: IncomingMessage, socket: Duplex) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  if (options.dev) server.on("upgrade", app.getUpgradeHandler());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return server;
}

function isV1(url: string | undefined): boolean {
  return url === "/api/v1" || Boolean(url?.startsWith("/api/v1/") || url?.startsWith("/api/v1?"));
}

function methodNotAllowed(method: string): Response {
  return errorResponse(new MethodNotAllowedError(method, ROUTABLE_METHODS.filter((m) => m !== "OPTIONS")), crypto.randomUUID());
}

async function sendJson(response: ServerResponse, answer: Response) {
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => response.setHeader(name, value));
  response.end(Buffer.from(await answer.arrayBuffer()));
}
