// Who is on the other end of a request, as far as Keyward may believe it.
//
// X-Forwarded-For is written by whoever sends the request, so by itself it
// proves nothing: trusting its first entry let any client choose its IP,
// bypassing the per-IP sign-in throttle and forging the audit log (issue 9).
// The connection's own address is the truth, unless that address is a proxy
// the operator trusts (TRUSTED_PROXIES); then the right-most hop that is not a
// trusted proxy counts. proxy-addr implements exactly this walk.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";

export { CLIENT_IP_HEADER };

export type TrustFunction = ((address: string, hop: number) => boolean) & { trustsNobody?: true };

/**
 * TRUSTED_PROXIES: comma-separated addresses, CIDR ranges, or the keywords
 * loopback, linklocal and uniquelocal (private ranges). Empty: trust nobody.
 * Throws, naming the entry, on anything else, so a typo stops the start.
 */
export function compileTrustedProxies(setting: string | undefined): TrustFunction {
  const entries = (setting ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return Object.assign(() => false, { trustsNobody: true as const });
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`TRUSTED_PROXIES is not valid (${(error as Error).message}). Use addresses, CIDR ranges, or loopback, linklocal, uniquelocal.`);
  }
}

/** The client's address: the socket's, or the right-most untrusted X-Forwarded-For hop behind trusted proxies. */
export function resolveClientIp(request: IncomingMessage, trust: TrustFunction): string | null {
  const peer = request.socket.remoteAddress;
  if (!peer) return null;
  // The common case needs no header parsing at all: nobody is trusted, so the peer is the client.
  if (trust.trustsNobody) return unmapIpv4(peer);
  // A hop that is not an address ("unknown", "1.2.3.4:5678") never becomes a throttle key or an audit entry.
  const resolved = proxyaddr(request, trust);
  return unmapIpv4(isIP(resolved) ? resolved : peer);
}

/** The protocol the client used: the socket's, or X-Forwarded-Proto when the connection comes from a trusted proxy. */
export function resolveProtocol(request: IncomingMessage, trust: TrustFunction): "https" | "http" {
  if ((request.socket as { encrypted?: boolean }).encrypted) return "https";
  const peer = request.socket.remoteAddress;
  if (!peer || trust.trustsNobody || !trust(peer, 0)) return "http";
  const forwarded = String(request.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim().toLowerCase();
  return forwarded === "https" ? "https" : "http";
}

/** Headers only a trusted proxy may set; from anyone else they are dropped before the app sees them. */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/**
 * Removes forwarding headers a client wrote itself (not a trusted proxy): a
 * forged X-Forwarded-Host would otherwise pick the host next-auth builds its
 * redirects from. Next then fills X-Forwarded-For with the socket's address.
 */
export function dropUntrustedForwarding(request: IncomingMessage, trust: TrustFunction) {
  const peer = request.socket.remoteAddress;
  if (peer && !trust.trustsNobody && trust(peer, 0)) return;
  for (const name of FORWARDING_HEADERS) delete request.headers[name];
}

function unmapIpv4(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}
