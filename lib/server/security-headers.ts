// Security headers for every response, set by Keyward's server before Next
// handles the request.
//
// Pages get a Content-Security-Policy with a fresh nonce per request: Next
// reads the nonce from the request's own content-security-policy header and
// puts it on every script it renders, and 'strict-dynamic' lets those scripts
// load the rest of the bundle. style-src keeps 'unsafe-inline' because React
// renders style attributes (the usage charts position their parts with them)
// and CSP cannot allow attributes by nonce. /api responses are JSON and get no
// CSP work at all, so the API pays nothing for it.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const HSTS = "max-age=31536000; includeSubDomains";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Development's React Refresh evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the response's headers (and, for pages, the request's CSP so Next applies the nonce). */
export function applySecurityHeaders(request: IncomingMessage, response: ServerResponse, options: { https: boolean; dev: boolean }) {
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (options.https) response.setHeader("Strict-Transport-Security", HSTS);
  if (isApi(request.url)) return;
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), options.dev);
  request.headers["content-security-policy"] = policy;
  response.setHeader("Content-Security-Policy", policy);
  response.setHeader("X-Frame-Options", "DENY");
}

function isApi(url: string | undefined): boolean {
  return url === "/api" || Boolean(url?.startsWith("/api/"));
}
