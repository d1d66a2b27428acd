import { describe, expect, test } from "vitest";
import { compileAllowlist, describeAllowlist, IpAllowlistSchema, MAX_ALLOWED_IPS, normalizeAllowedIp } from "@/lib/api-keys/ip-allowlist";

describe("normalizeAllowedIp", () => {
  test.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7/32 ", "203.0.113.7"],
    ["203.0.113.77/24", "203.0.113.0/24"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:ffff::/32", "2001:db8::/32"],
    ["2001:db8::1/128", "2001:db8::1"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::ffff:198.51.100.0/120", "198.51.100.0/24"],
    ["::1", "::1"],
  ])("%s → %s", (entry, normal) => {
    expect(normalizeAllowedIp(entry)).toBe(normal);
  });

  test.each(["", "localhost", "203.0.113", "203.0.113.256", "010.0.0.1", "203.0.113.0/33", "203.0.113.0/", "203.0.113.0/-1", "2001:db8::/129", "fe80::1%eth0", "1.2.3.4/24/8", "2001:db8::g", "1.2.3.4 5"])(
    "refuses %j",
    (entry) => {
      expect(normalizeAllowedIp(entry)).toBeNull();
    },
  );
});

describe("IpAllowlistSchema", () => {
  test("text, one entry a line (commas and spaces too), normalised and without duplicates", () => {
    expect(IpAllowlistSchema.parse("203.0.113.7\n203.0.113.0/24, 2001:db8::/32\r\n\n203.0.113.7/32")).toEqual(["203.0.113.7", "203.0.113.0/24", "2001:db8::/32"]);
    expect(IpAllowlistSchema.parse("")).toEqual([]);
  });

  test("each bad entry gets its own message, by position", () => {
    const result = IpAllowlistSchema.safeParse(["203.0.113.7", "300.1.1.1", "10.0.0.0/40"]);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [[1], expect.stringContaining('"300.1.1.1" is not an IP address')],
      [[2], expect.stringContaining('"10.0.0.0/40" is not an IP address')],
    ]);
  });

  test(`at most ${MAX_ALLOWED_IPS} entries`, () => {
    const many = Array.from({ length: MAX_ALLOWED_IPS + 1 }, (_, index) => `10.0.${index >> 8}.${index & 255}`);
    expect(IpAllowlistSchema.safeParse(many).success).toBe(false);
    expect(IpAllowlistSchema.safeParse(many.slice(1)).success).toBe(true);
  });
});

describe("compileAllowlist", () => {
  test("an empty list needs no matcher", () => {
    expect(compileAllowlist([])).toBeNull();
    expect(compileAllowlist(null)).toBeNull();
    expect(describeAllowlist([])).toBe("any address");
    expect(describeAllowlist(["1.2.3.4", "::1"])).toBe("2 ranges");
  });

  test("addresses and CIDR ranges, both families, edges in and out", () => {
    const allows = compileAllowlist(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"])!;
    expect(allows("203.0.113.0")).toBe(true);
    expect(allows("203.0.113.255")).toBe(true);
    expect(allows("203.0.112.255")).toBe(false);
    expect(allows("203.0.114.0")).toBe(false);
    expect(allows("198.51.100.7")).toBe(true);
    expect(allows("198.51.100.8")).toBe(false);
    expect(allows("2001:db8::")).toBe(true);
    expect(allows("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(true);
    expect(allows("2001:db9::")).toBe(false);
    expect(allows("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(false);
  });

  test("an IPv4-mapped IPv6 client matches IPv4 entries", () => {
    const allows = compileAllowlist(["203.0.113.0/24"])!;
    expect(allows("::ffff:203.0.113.9")).toBe(true);
    expect(allows("::FFFF:203.0.114.9")).toBe(false);
    expect(allows("::ffff:cb00:7109")).toBe(true); // 203.0.113.9 in hex
    expect(allows("::ffff:cb00:7209")).toBe(false);
  });

  test("ranges that do not end on a byte or a 16-bit group, /0, and a single address", () => {
    const allows = compileAllowlist(["10.0.0.0/9", "2001:db8:8000::/33", "198.51.100.7"])!;
    expect(allows("10.127.255.255")).toBe(true);
    expect(allows("10.128.0.0")).toBe(false);
    expect(allows("2001:db8:8000::1")).toBe(true);
    expect(allows("2001:db8:ffff:ffff::")).toBe(true);
    expect(allows("2001:db8:7fff::1")).toBe(false);
    expect(allows("198.51.100.7")).toBe(true);
    expect(allows("198.51.100.70")).toBe(false);
    expect(compileAllowlist(["0.0.0.0/0"])!("255.255.255.255")).toBe(true);
    expect(compileAllowlist(["0.0.0.0/0"])!("::1")).toBe(false);
    expect(compileAllowlist(["::/0"])!("2001:db8::1")).toBe(true);
    expect(compileAllowlist(["::/0"])!("192.0.2.1")).toBe(false);
  });

  test("a client address spelled oddly is refused, not guessed at", () => {
    const allows = compileAllowlist(["10.0.0.0/8"])!;
    for (const odd of ["010.0.0.1", "10.0.0", "10.0.0.1.", "10..0.1", "10.0.0.256", "10.0.0.1 ", "1e1.0.0.1"]) expect(allows(odd), odd).toBe(false);
  });

  test("no client address, or something that is not one, is refused", () => {
    const allows = compileAllowlist(["0.0.0.0/0", "::/0"])!;
    expect(allows(null)).toBe(false);
    expect(allows("")).toBe(false);
    expect(allows("unknown")).toBe(false);
    expect(allows("1.2.3.4")).toBe(true);
  });
});
