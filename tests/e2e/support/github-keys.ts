// A secret scanning key pair of the e2e tests' own, standing in for GitHub's:
// made once per e2e state folder, its public half given to the server in
// GitHub's published format (KEYWARD_SECRET_SCANNING_KEYS_FILE), its private
// half used by specs to sign reports as GitHub does.
import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const DIR = path.resolve(".keyward/e2e");
const PRIVATE_KEY = path.join(DIR, "test-github-secret-scanning.pem");
export const E2E_GITHUB_KEYS_FILE = path.join(DIR, "test-github-secret-scanning-keys.json");
export const E2E_GITHUB_KEY_ID = "e2e-test-key";

/** Makes the pair if it is not there yet (playwright.config.ts calls this before the server starts). */
export function ensureGitHubTestKeys(): string {
  if (!existsSync(PRIVATE_KEY) || !existsSync(E2E_GITHUB_KEYS_FILE)) {
    mkdirSync(DIR, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    writeFileSync(PRIVATE_KEY, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    const key = publicKey.export({ type: "spki", format: "pem" }).toString();
    writeFileSync(E2E_GITHUB_KEYS_FILE, JSON.stringify({ public_keys: [{ key_identifier: E2E_GITHUB_KEY_ID, key, is_current: true }] }));
  }
  return E2E_GITHUB_KEYS_FILE;
}

/** Headers and body of a report of these tokens, signed as GitHub signs. */
export function signedReport(tokens: string[], url: string) {
  const body = JSON.stringify(tokens.map((token) => ({ token, type: "keyward_api_key", url, source: "content" })));
  const signature = sign("sha256", Buffer.from(body), { key: createPrivateKey(readFileSync(PRIVATE_KEY)), dsaEncoding: "der" }).toString("base64");
  return { data: body, headers: { "Content-Type": "application/json", "Github-Public-Key-Identifier": E2E_GITHUB_KEY_ID, "Github-Public-Key-Signature": signature } };
}
