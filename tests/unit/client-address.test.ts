// Which address a request comes from (issue 9): the connection's, unless it is
// a trusted proxy; then the right-most X-Forwarded-For hop that is not one.
import type { IncomingMessage } from "node:http";
import { describe, expect, test } from "vitest";
import { compileTrustedProxies, dropUntrustedForwarding, resolveClientIp, resolveProtocol } from "@/lib/server/client-address";

function request(remoteAddress: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  const socket = { remoteAddress, encrypted };
  return { socket, connection: socket, headers } as unknown as IncomingMessage;
}

describe("resolveClientIp", () => {
  test.each([
    // [trusted proxies, socket address, X-Forwarded-For, resolved]
    ["", "203.0.113.5", "", "203.0.113.5"],
    ["", "203.0.113.5", "198.51.100.1", "203.0.113.5"], // nobody trusted: a forged header changes nothing
    ["", "::ffff:203.0.113.5", "198.51.100.1", "203.0.113.5"],
    ["", "2001:db8::1", "198.51.100.1", "2001:db8::1"],
    ["loopback", "127.0.0.1", "198.51.100.1", "198.51.100.1"],
    ["loopback", "::1", "198.51.100.1", "198.51.100.1"],
    ["loopback", "203.0.113.5", "198.51.100.1", "203.0.113.5"], // the peer is not a trusted proxy
    // The client prepends a forged hop; the proxy appends what it saw: the right-most untrusted wins.
    ["10.0.0.0/8", "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"],
    ["10.0.0.0/8", "10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", "198.51.100.1"],
    ["10.0.0.2, 10.0.0.3", "10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"],
    ["uniquelocal", "192.168.1.10", "2001:db8::7", "2001:db8::7"],
    ["loopback", "127.0.0.1", "garbage, 198.51.100.1", "198.51.100.1"],
    ["loopback", "127.0.0.1", "", "127.0.0.1"],
    // A right-most hop that is not an address never becomes the client's "IP".
    ["loopback", "127.0.0.1", "1.2.3.4:5678", "127.0.0.1"],
    ["loopback", "127.0.0.1", "unknown", "127.0.0.1"],
  ])("trusting %j, from %s with X-Forwarded-For %j → %s", (trusted, socket, forwarded, expected) => {
    const headers: Record<string, string> = forwarded ? { "x-forwarded-for": forwarded } : {};
    expect(resolveClientIp(request(socket, headers), compileTrustedProxies(trusted))).toBe(expected);
  });

  test("a TRUSTED_PROXIES entry that is not an address, range or keyword stops the start, naming the setting", () => {
    expect(() => compileTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/TRUSTED_PROXIES/);
    expect(() => compileTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("resolveProtocol", () => {
  test("X-Forwarded-Proto counts only from a trusted proxy", () => {
    const trustLoopback = compileTrustedProxies("loopback");
    expect(resolveProtocol(request("127.0.0.1", { "x-forwarded-proto": "https" }), trustLoopback)).toBe("https");
    expect(resolveProtocol(request("203.0.113.5", { "x-forwarded-proto": "https" }), trustLoopback)).toBe("http");
    expect(resolveProtocol(request("203.0.113.5", {}, true), compileTrustedProxies(""))).toBe("https");
  });
});

describe("dropUntrustedForwarding", () => {
  const forged = () => ({ "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "1.2.3.4", forwarded: "for=1.2.3.4", "x-real-ip": "1.2.3.4", host: "keys.example.com" });

  test("a client's own forwarding headers are dropped (a forged X-Forwarded-Host would pick next-auth's redirect host)", () => {
    for (const trusted of ["", "loopback"]) {
      const req = request("203.0.113.5", forged());
      dropUntrustedForwarding(req, compileTrustedProxies(trusted));
      expect(req.headers).toEqual({ host: "keys.example.com" });
    }
  });

  test("a trusted proxy's are kept", () => {
    const req = request("127.0.0.1", forged());
    dropUntrustedForwarding(req, compileTrustedProxies("loopback"));
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
  });
});
