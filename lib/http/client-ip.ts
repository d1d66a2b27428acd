/**
 * The client's IP address as the app sees it. `next start` fills in
 * X-Forwarded-For with the socket address when no proxy set it; behind a
 * reverse proxy, the proxy must overwrite (not append to) the header, or
 * clients could choose their own address.
 */
export function clientIpFrom(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const read = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || read("x-real-ip")?.trim();
  return ip ? ip.replace(/^::ffff:/, "") : null;
}
