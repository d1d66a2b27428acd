import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { replyOnce, respond, type ApiReply } from "@/lib/api/respond";
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";

export const MeOutputSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  hint: z.string(),
  environment: z.enum(["live", "test"]),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  allowedIps: z.array(z.string()).describe("The addresses and CIDR ranges the key may be used from (a token: its key's); empty: any address."),
  /** With a token from token exchange: the user it acts for (its scopes are the ones in force). */
  user: z.object({ id: z.uuid() }).nullable(),
});

/**
 * A key's own answer, by its cached VerifiedKey: a change to the key (rename,
 * revocation, new scopes) replaces that object, so the answer is rebuilt then.
 */
const answerOfKey = new WeakMap<VerifiedKey, ApiReply>();

/** GET /api/v1/me: the calling key, so a client can check it before writing with it. */
export const meRoute = apiRoute({ route: "/api/v1/me", resource: null }, {
  async GET(_request, { key, caller }) {
    const answer = () => respond(MeOutputSchema, {
      id: key.id,
      name: key.name,
      hint: key.hint,
      environment: key.environment === "LIVE" ? "live" : "test",
      scopes: caller.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      organization: key.organization,
      allowedIps: key.allowedIps,
      user: caller.userId ? { id: caller.userId } : null,
    });
    // A token's answer depends on its user and scopes too: built each time.
    return caller.userId ? answer() : replyOnce(answerOfKey, key, answer);
  },
});
