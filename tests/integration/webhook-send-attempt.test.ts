// One HTTP attempt against real local servers: what a receiver answers is
// kept to 1 KB, a receiver that never answers is a timeout, and a host that
// resolves to a private address is refused unless the operator allows it.
// Also which secrets sign during and after a rotation's overlap.
// Sealing reads AUTH_SECRET through the app's settings, which also want a database URL (never used here).
process.env.DATABASE_URL ??= "postgresql://127.0.0.1:1/unused";

import http from "node:http";
import { afterAll, describe, expect, test } from "vitest";
import { Webhook } from "standardwebhooks";
import { ROTATION_OVERLAP_MS, sealSecret, signingSecrets } from "@/lib/webhooks/endpoint-secrets";
import { EXCERPT_BYTES, sendAttempt } from "@/lib/webhooks/send-attempt";
import { newSigningSecret, signWebhook } from "@/lib/webhooks/signing";

const servers: http.Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}/hooks`;
}

const secret = newSigningSecret();
const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: {} });
const request = (url: string, overrides: Partial<Parameters<typeof sendAttempt>[0]> = {}) => ({
  url,
  headers: signWebhook([secret], "evt_00000000-0000-4000-8000-000000000001", new Date(), body),
  body,
  timeoutMs: 5_000,
  allowPrivate: true,
  ...overrides,
});

describe("an attempt", () => {
  test("keeps at most 1 KB of a large answer", async () => {
    const url = await serve((_req, res) => res.writeHead(500).end("x".repeat(100_000)));
    const result = await sendAttempt(request(url));
    expect(result.statusCode).toBe(500);
    expect(result.excerpt!.length).toBe(EXCERPT_BYTES);
  });

  test("a receiver that never answers is a timeout, not a hang", async () => {
    const url = await serve(() => {});
    const result = await sendAttempt(request(url, { timeoutMs: 300 }));
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("Timed out after 300 ms.");
  });

  test("sends what a Standard Webhooks receiver verifies", async () => {
    let verified: unknown = null;
    const url = await serve((req, res) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk)).on("end", () => {
        verified = new Webhook(secret).verify(text, req.headers as Record<string, string>);
        res.writeHead(200).end("ok");
      });
    });
    expect((await sendAttempt(request(url))).statusCode).toBe(200);
    expect(verified).toMatchObject({ type: "webhook.test" });
  });

  test("a host that resolves to a private address is refused unless allowed", async () => {
    const url = await serve((_req, res) => res.writeHead(204).end());
    const viaName = url.replace("127.0.0.1", "localhost");
    const refused = await sendAttempt(request(viaName, { allowPrivate: false }));
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toMatch(/^Refused: localhost resolves to a private address/);
    expect((await sendAttempt(request(viaName, { allowPrivate: true }))).statusCode).toBe(204);
  });

  test("an address written in the URL is checked as it is", async () => {
    const refused = await sendAttempt(request("http://127.0.0.1:9/hooks", { allowPrivate: false }));
    expect(refused.error).toBe("Refused: 127.0.0.1 is a private address.");
    expect((await sendAttempt(request("http://[::ffff:7f00:1]:9/hooks", { allowPrivate: false }))).error).toMatch(/^Refused: \[::ffff:7f00:1\] is a private address/);
  });

  test("DNS rebinding: the connection goes to the address that was checked, never to a second answer", async () => {
    let received = 0;
    const url = await serve((_req, res) => {
      received++;
      res.writeHead(204).end();
    });
    const port = new URL(url).port;
    // A name that answers with a public address when checked, and with this
    // machine's when asked again (what a rebinding attacker's DNS does).
    const answers = [
      [{ address: "192.0.2.1", family: 4 }], // TEST-NET-1: public by the rules, routes nowhere here
      [{ address: "127.0.0.1", family: 4 }],
    ];
    let asked = 0;
    const resolve = async () => answers[Math.min(asked++, answers.length - 1)]!;
    const result = await sendAttempt(request(`http://rebind.example.test:${port}/hooks`, { allowPrivate: false, resolve, timeoutMs: 1_000 }));
    expect(asked, "resolved once: by the connection itself").toBe(1);
    expect(received, "the receiver on 127.0.0.1 was never reached").toBe(0);
    expect(result.statusCode).toBeNull();
  });
});

describe("signing secrets around a rotation", () => {
  test("both sign during the overlap, only the new one after it", () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
    const rotatedAt = Date.now();
    const endpoint = { secretSealed: sealSecret(newSecret), previousSecretSealed: sealSecret(oldSecret), previousSecretUntil: new Date(rotatedAt + ROTATION_OVERLAP_MS) };
    expect(signingSecrets(endpoint, new Date(rotatedAt + 1_000))).toEqual([newSecret, oldSecret]);
    expect(signingSecrets(endpoint, new Date(rotatedAt + ROTATION_OVERLAP_MS + 1))).toEqual([newSecret]);
  });

  test("a secret sealed under another AUTH_SECRET (or tampered with) cannot sign", () => {
    const sealed = sealSecret(newSigningSecret());
    sealed[sealed.length - 1]! ^= 1;
    expect(signingSecrets({ secretSealed: sealed, previousSecretSealed: null, previousSecretUntil: null })).toEqual([]);
  });
});
