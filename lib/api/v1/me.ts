import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";

const MeOutputSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  hint: z.string(),
  environment: z.enum(["live", "test"]),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
});

/** GET /api/v1/me: the calling key, so a client can check it before writing with it. */
export const meRoute = apiRoute({ route: "/api/v1/me", resource: null }, {
  async GET(_request, { key }) {
    const body = MeOutputSchema.parse({
      id: key.id,
      name: key.name,
      hint: key.hint,
      environment: key.environment === "LIVE" ? "live" : "test",
      scopes: key.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      organization: key.organization,
    });
    return Response.json(body);
  },
});
