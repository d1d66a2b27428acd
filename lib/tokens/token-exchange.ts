// Token exchange: an API key with the tokens:exchange scope asks for a
// short-lived JWT that acts for one member of its organization. The token's
// scopes are the key's, narrowed to what that member's role may hold, and
// never include exchange itself (a token cannot mint tokens).
import "server-only";
import { z } from "zod";
import type { ApiCaller } from "@/lib/api/authenticate";
import { scopesBeyondRole } from "@/lib/api-keys/scopes";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { signAccessToken } from "./access-tokens";

export const TokenExchangeInputSchema = z.strictObject({
  userId: z
    .string({ error: "userId is required: the id or the email of a member of the key's organization." })
    .trim()
    .min(1, "userId must not be empty.")
    .max(320, "userId must be at most 320 characters."),
});

export const TokenExchangeOutputSchema = z.object({
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int().positive(),
  scope: z.string(),
});
export type TokenExchangeOutput = z.output<typeof TokenExchangeOutputSchema>;

export async function exchangeForToken(caller: ApiCaller, input: z.output<typeof TokenExchangeInputSchema>): Promise<TokenExchangeOutput> {
  if (caller.userId) throw new ForbiddenError("token_cannot_exchange", "Exchange an API key, not a token: a token cannot mint tokens.");
  const { key } = caller;
  const member = await getPrisma().membership.findFirst({
    where: { organizationId: key.organizationId, user: isUuid(input.userId) ? { id: input.userId } : { email: input.userId.toLowerCase() } },
    select: { role: true, user: { select: { id: true, email: true } } },
  });
  // The same answer whether the person exists elsewhere or not at all: a key learns nothing outside its organization.
  if (!member) throw new NotFoundError("No member of this key's organization has that id or email.");

  const beyond = new Set(scopesBeyondRole(member.role, key.environment, key.scopes));
  const scopes = key.scopes.filter((scope) => scope !== "tokens:exchange" && !beyond.has(scope));
  const signed = await signAccessToken({ userId: member.user.id, organizationId: key.organizationId, scopes, apiKeyId: key.id });
  await getPrisma().$transaction((tx) =>
    recordAuditEvent(tx, {
      organizationId: key.organizationId,
      actor: { type: "system", label: `API key ${key.name} (${key.hint})` },
      action: "api_key.token_exchanged",
      target: { type: "api_key", id: key.id },
      metadata: { userId: member.user.id, email: member.user.email, scopes, tokenId: signed.jti, expiresAt: signed.expiresAt.toISOString() },
    }),
  );
  return { token: signed.token, tokenType: "Bearer", expiresIn: signed.expiresIn, scope: scopes.join(" ") };
}
