// Which URLs an endpoint may have. Keyward POSTs to them from inside the
// operator's network, so by default only https to public addresses: an
// organization admin must not be able to make Keyward call its own database,
// a cloud metadata service or another internal host (SSRF). Self-hosted
// receivers are often internal, so KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS=true
// allows http and loopback/private addresses (the operator's choice, not an
// organization's).
import { BlockList, isIP } from "node:net";

const PRIVATE = new BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  // Also IPv4-compatible (::a.b.c.d, deprecated), NAT64 (64:ff9b::/96) and
  // 6to4 (2002::/16): each carries an IPv4 address that may be a private one.
  // (IPv4-mapped ::ffff:a.b.c.d is checked against the IPv4 rules by BlockList.)
  ["::", 96],
  ["64:ff9b::", 96],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(address, prefix, "ipv6");
}

/** Loopback, private, link-local, shared, multicast or unspecified: not a public internet address. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return PRIVATE.check(mapped[1]!, "ipv4");
  const family = isIP(bare);
  if (family === 4) return PRIVATE.check(bare, "ipv4");
  if (family === 6) return PRIVATE.check(bare, "ipv6");
  return false;
}

/** Why this URL cannot be an endpoint, or null when it can. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, such as https://example.com/webhooks/keyward.";
  }
  if (url.username || url.password) return "A webhook URL cannot carry a user name or password; the signature authenticates Keyward.";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowPrivate)) {
    return allowPrivate ? "Use an https:// or http:// URL." : "Use an https:// URL (http:// is allowed only when the operator sets KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS=true).";
  }
  const host = url.hostname.toLowerCase();
  const local = host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host);
  if (local && !allowPrivate) return "This address is loopback or private; such receivers are allowed only when the operator sets KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS=true.";
  return null;
}
