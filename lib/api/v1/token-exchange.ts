import { apiRoute } from "@/lib/api/api-route";
import { readJsonBody } from "@/lib/api/read-json-body";
import { respond } from "@/lib/api/respond";
import { exchangeForToken, TokenExchangeInputSchema, TokenExchangeOutputSchema } from "@/lib/tokens/token-exchange";

/** POST /api/v1/auth/token-exchange: an API key → a short-lived JWT acting for one member (needs tokens:exchange). */
export const tokenExchangeRoute = apiRoute({ route: "/api/v1/auth/token-exchange", resource: "tokens" }, {
  async POST(request, { caller }) {
    const input = await readJsonBody(request, TokenExchangeInputSchema);
    // Bearer tokens are credentials: no cache may keep them (RFC 6749 §5.1).
    return respond(TokenExchangeOutputSchema, await exchangeForToken(caller, input), { headers: { "Cache-Control": "no-store" } });
  },
});
