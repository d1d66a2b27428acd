// Scopes are "<resource>:<access>". Most resources have read and write, and
// write includes read: a key that may change a resource may also look at it.
// Token exchange has one access of its own, "tokens:exchange".
import { z } from "zod";
import type { KeyEnvironment, Role } from "@/lib/generated/prisma/enums";

/** Everything a key can be granted access to, with a label for the dashboard and the accesses it has. */
export const API_RESOURCES = {
  resources: { label: "Resources", accesses: ["read", "write"] },
  usage: { label: "Usage", accesses: ["read", "write"] },
  tokens: { label: "Token exchange", accesses: ["exchange"] },
} as const satisfies Record<string, { label: string; accesses: readonly string[] }>;

export type ApiResource = keyof typeof API_RESOURCES;
export type Access = (typeof API_RESOURCES)[ApiResource]["accesses"][number];
export type Scope = { [R in ApiResource]: `${R}:${(typeof API_RESOURCES)[R]["accesses"][number]}` }[ApiResource];

const RESOURCE_NAMES = Object.keys(API_RESOURCES) as ApiResource[];

export const ALL_SCOPES: Scope[] = RESOURCE_NAMES.flatMap((r) => API_RESOURCES[r].accesses.map((access) => `${r}:${access}` as Scope));

export const SCOPE_PRESETS = {
  "full-access": { label: "Full access", scopes: ALL_SCOPES },
  "read-only": { label: "Read only", scopes: ALL_SCOPES.filter((scope) => scope.endsWith(":read")) },
} as const satisfies Record<string, { label: string; scopes: Scope[] }>;

export type ScopePreset = keyof typeof SCOPE_PRESETS;

export const ScopeSchema = z.enum(ALL_SCOPES as [Scope, ...Scope[]], {
  error: (issue) => `Unknown scope "${String(issue.input)}". Scopes are: ${ALL_SCOPES.join(", ")}.`,
});

/** In canonical order, without duplicates, with the read that each write implies spelled out. */
export function normalizeScopes(scopes: readonly Scope[]): Scope[] {
  const set = new Set(scopes);
  for (const scope of scopes) if (scope.endsWith(":write")) set.add(scope.replace(":write", ":read") as Scope);
  return ALL_SCOPES.filter((s) => set.has(s));
}

/** The access a request needs: a resource's own (tokens:exchange), else read for GET/HEAD/OPTIONS and write otherwise. */
export function accessFor(resource: ApiResource, method: string): Access {
  const accesses: readonly Access[] = API_RESOURCES[resource].accesses;
  if (accesses.length === 1) return accesses[0]!;
  return ["GET", "HEAD", "OPTIONS"].includes(method) ? "read" : "write";
}

export function hasScope(granted: readonly string[], resource: ApiResource, access: Access): boolean {
  return granted.includes(`${resource}:${access}`) || (access === "read" && granted.includes(`${resource}:write`));
}

/** Which preset a set of scopes equals, if any (for display). */
export function presetOf(scopes: readonly string[]): ScopePreset | null {
  const normalized = normalizeScopes(scopes as Scope[]).join(" ");
  for (const [name, preset] of Object.entries(SCOPE_PRESETS)) {
    if (normalizeScopes(preset.scopes).join(" ") === normalized) return name as ScopePreset;
  }
  return null;
}

/**
 * What a role may grant. Owners and admins may grant anything. Members may
 * grant any read scope, and write scopes on test keys only: a live key that can
 * change production data needs an admin, as in Stripe's restricted roles.
 */
export function scopesBeyondRole(role: Role | "OPERATOR", environment: KeyEnvironment, scopes: readonly string[]): string[] {
  if (role !== "MEMBER" || environment === "TEST") return [];
  // Anything but reading: writes, and token exchange (which acts for other people).
  return scopes.filter((scope) => !scope.endsWith(":read"));
}
