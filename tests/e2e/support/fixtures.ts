// The `test` every spec uses: Playwright's, with each test appearing to come
// from its own client IP address.
//
// Why: Keyward counts failed sign-ins per IP (30 per 15 minutes) as well as per
// email, in the database. Every browser here connects from 127.0.0.1, and the
// e2e database persists between runs, so without this a few back-to-back runs
// (each one makes a dozen failed sign-ins on purpose) would lock the whole suite out
// of signing in, including the automatic sign-in after sign-up. The e2e server
// trusts loopback as a proxy (TRUSTED_PROXIES=loopback in playwright.config.ts),
// so the X-Forwarded-For each test sends is its client address, and a per-test
// address isolates the buckets. (Without a trusted proxy the header is ignored.)
import { randomInt } from "node:crypto";
import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";

/** A random address in 198.18.0.0/15, the range reserved for benchmarking (RFC 2544). */
export function fakeClientIp(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

/** Headers for a browser context that should look like a fresh client. */
export function freshClientHeaders(): Record<string, string> {
  return { "X-Forwarded-For": fakeClientIp() };
}

export const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, ...freshClientHeaders() });
  },
});
