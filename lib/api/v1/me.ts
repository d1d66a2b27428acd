import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { respond } from "@/lib/api/respond";

export const MeOutputSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  hint: z.string(),
  environment: z.enum(["live", "test"]),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
  /** With a token from token exchange: the user it acts for (its scopes are the ones in force). */
  user: z.object({ id: z.uuid() }).nullable(),
});

/** GET /api/v1/me: the calling key, so a client can check it before writing with it. */
export const meRoute = apiRoute({ route: "/api/v1/me", resource: null }, {
  async GET(_request, { key, caller }) {
    return respond(MeOutputSchema, {
      id: key.id,
      name: key.name,
      hint: key.hint,
      environment: key.environment === "LIVE" ? "live" : "test",
      scopes: caller.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      organization: key.organization,
      user: caller.userId ? { id: caller.userId } : null,
    });
  },
});
