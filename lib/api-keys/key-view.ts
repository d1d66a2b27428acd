// What callers (dashboard, CLI, API) get to see of a key: never its hash.
import { getPrisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { presetOf, type ScopePreset } from "./scopes";

export const API_KEY_VIEW_SELECT = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  environment: true,
  hint: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  predecessorId: true,
  rateLimitPlan: true,
  rateLimitMax: true,
  rateLimitWindowSeconds: true,
  monthlyQuota: true,
  allowedIps: true,
  createdBy: { select: { id: true, email: true, name: true } },
  revokedBy: { select: { id: true, email: true, name: true } },
  successor: { select: { id: true, createdAt: true } },
  // So a successor reads "rotated from kw_live_…abcd" in lists.
  predecessor: { select: { hint: true } },
} satisfies Prisma.ApiKeySelect;

type Row = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_VIEW_SELECT }>;

export type ApiKeyStatus = "active" | "expiring" | "expired" | "revoked" | "rotating_out";

export type ApiKeyView = Omit<Row, "createdBy" | "revokedBy" | "successor" | "predecessor"> & {
  owner: Row["createdBy"];
  revokedBy: Row["revokedBy"];
  successorId: string | null;
  predecessorHint: string | null;
  preset: ScopePreset | null;
  status: ApiKeyStatus;
};

/** "expiring" within this window, as the dashboard warns. */
export const EXPIRING_SOON_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a key still works at `now`: revoked and expired keys are refused, whatever else they are. */
export type KeyState = "active" | "revoked" | "expired";

export function keyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now = Date.now()): KeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** keyState, and for a working key what the dashboard shows about it. */
export function keyStatus(key: Pick<Row, "revokedAt" | "expiresAt"> & { successor: unknown }, now = Date.now()): ApiKeyStatus {
  const state = keyState(key, now);
  if (state !== "active") return state;
  if (key.successor) return "rotating_out";
  if (key.expiresAt && key.expiresAt.getTime() - now <= EXPIRING_SOON_MS) return "expiring";
  return "active";
}

/**
 * The keys whose keyStatus() is `status` at `now`, as a Prisma where, so lists
 * filter in SQL. Each branch mirrors keyStatus() above, in the same order.
 */
export function keyStatusWhere(status: ApiKeyStatus, now = Date.now()): Prisma.ApiKeyWhereInput {
  const at = new Date(now);
  const soon = new Date(now + EXPIRING_SOON_MS);
  const notExpired: Prisma.ApiKeyWhereInput = { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
  switch (status) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: at } };
    case "rotating_out":
      return { revokedAt: null, AND: [notExpired], successor: { isNot: null } };
    case "expiring":
      return { revokedAt: null, expiresAt: { gt: at, lte: soon }, successor: { is: null } };
    case "active":
      return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: soon } }], successor: { is: null } };
  }
}

export function toApiKeyView(row: Row, now = Date.now()): ApiKeyView {
  const { createdBy, revokedBy, successor, predecessor, ...rest } = row;
  return {
    ...rest,
    owner: createdBy,
    revokedBy,
    successorId: successor?.id ?? null,
    predecessorHint: predecessor?.hint ?? null,
    preset: presetOf(row.scopes),
    status: keyStatus(row, now),
  };
}

/**
 * A key's view by id, read after the change that produced it has committed.
 * (Inside an interactive transaction, Prisma runs a relation select as
 * overlapping queries on the transaction's one connection, which pg deprecates.)
 */
export async function loadApiKeyView(id: string): Promise<ApiKeyView> {
  return toApiKeyView(await getPrisma().apiKey.findUniqueOrThrow({ where: { id }, select: API_KEY_VIEW_SELECT }));
}
