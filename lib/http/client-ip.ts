/** The header through which Keyward's server hands the resolved address to the app. Always overwritten. */
export const CLIENT_IP_HEADER = "x-keyward-client-ip";

/**
 * The client's IP address, as Keyward's server resolved it from the
 * connection (and TRUSTED_PROXIES): lib/server/client-address.ts. The server
 * always overwrites this header, so a client cannot set it; X-Forwarded-For is
 * never read here, since any client can write it. Null when the app runs
 * without Keyward's server (plain `next start`): then nothing is known.
 */
export function clientIpFrom(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const ip = (Array.isArray(value) ? value[0] : value)?.trim();
  return ip || null;
}
