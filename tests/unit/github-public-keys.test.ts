// GitHub's secret scanning keys as the operator configures them: the JSON
// GitHub publishes, checked at start-up; only ECDSA P-256 keys; a signature
// verifies over the exact bytes it was made for, by the key its identifier names.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, test } from "vitest";
import { serverEnv } from "@/lib/env";
import { isSignedByGitHub, verifyingKeys } from "@/lib/leaks/github-public-keys";

const base = { DATABASE_URL: "postgresql://keyward@127.0.0.1/keyward", AUTH_SECRET: "a".repeat(40), KEY_PEPPER: "p".repeat(40) };
const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });

describe("KEYWARD_SECRET_SCANNING_KEYS", () => {
  test("takes GitHub's published JSON as it is", () => {
    const published = { public_keys: [{ key_identifier: "abc", key: pem(p256.publicKey), is_current: true }] };
    expect(serverEnv({ ...base, KEYWARD_SECRET_SCANNING_KEYS: JSON.stringify(published) }).KEYWARD_SECRET_SCANNING_KEYS).toEqual(published);
    expect(serverEnv(base).KEYWARD_SECRET_SCANNING_KEYS).toBeUndefined();
  });

  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
  test.each([
    "{not json",
    "[]",
    '{"public_keys": []}',
    '{"public_keys": [{"key_identifier": "x", "key": "not a pem"}]}',
    '{"public_keys": [{"key_identifier": "x", "key": "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"}]}',
    JSON.stringify({ public_keys: [{ key_identifier: "rsa", key: pem(rsa.publicKey) }] }),
  ])("refuses %s at start-up, naming the setting", (value) => {
    expect(() => serverEnv({ ...base, KEYWARD_SECRET_SCANNING_KEYS: value })).toThrow(/KEYWARD_SECRET_SCANNING_KEYS must be the JSON GitHub publishes/);
  });
});

describe("verifying a report", () => {
  const keys = verifyingKeys({ public_keys: [{ key_identifier: "current", key: pem(p256.publicKey) }] });
  const body = Buffer.from('[{"token":"kw_live_x","type":"t","url":"u","source":"content"}]');
  const signature = sign("sha256", body, { key: p256.privateKey, dsaEncoding: "der" }).toString("base64");

  test("verifies the exact bytes, by the named key", () => {
    expect(isSignedByGitHub(keys, "current", signature, body)).toBe(true);
    expect(isSignedByGitHub(keys, "current", signature, Buffer.from(body.toString() + " "))).toBe(false);
    expect(isSignedByGitHub(keys, "other", signature, body)).toBe(false);
    expect(isSignedByGitHub(keys, null, signature, body)).toBe(false);
    expect(isSignedByGitHub(keys, "current", null, body)).toBe(false);
    expect(isSignedByGitHub(keys, "current", "AAAA", body)).toBe(false);
  });

  test("a signature in the other encoding (IEEE P1363, r‖s) is not accepted: GitHub sends DER", () => {
    const p1363 = sign("sha256", body, { key: p256.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64");
    expect(isSignedByGitHub(keys, "current", p1363, body)).toBe(false);
  });

  test("only ECDSA P-256 keys are accepted", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
    for (const { publicKey } of [rsa, p384]) {
      expect(() => verifyingKeys({ public_keys: [{ key_identifier: "k", key: pem(publicKey) }] })).toThrow(/not an ECDSA P-256 public key/);
    }
  });
});
