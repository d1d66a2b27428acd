// Standard Webhooks signing (https://www.standardwebhooks.com), with the
// `standardwebhooks` package so that receivers using it (or any library of
// the spec) verify what Keyward sends. The secret is "whsec_" + base64 of 24
// random bytes, the package's format. webhook-id is the event's id, the same
// on every attempt, so a receiver can drop repeats; webhook-timestamp is the
// attempt's own time, since receivers refuse stale timestamps (5 minutes).
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export const SECRET_PREFIX = "whsec_";

export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString("base64");
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/**
 * The three headers for one attempt. With several secrets (a rotation's
 * overlap), one signature each, space-separated, as the spec allows: a
 * receiver still on the old secret and one already on the new both verify.
 */
export function signWebhook(secrets: readonly string[], messageId: string, at: Date, body: string): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
