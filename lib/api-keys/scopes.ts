// Scopes are "<resource>:read" and "<resource>:write". Write includes read:
// a key that may change a resource may also look at it.
import { z } from "zod";
import type { KeyEnvironment, Role } from "@/lib/generated/prisma/enums";

/** Everything a key can be granted access to, with a label for the dashboard. */
export const API_RESOURCES = {
  resources: "Resources",
  usage: "Usage",
} as const;

export type ApiResource = keyof typeof API_RESOURCES;
export type Access = "read" | "write";
export type Scope = `${ApiResource}:${Access}`;

const RESOURCE_NAMES = Object.keys(API_RESOURCES) as ApiResource[];

export const ALL_SCOPES: Scope[] = RESOURCE_NAMES.flatMap((r) => [`${r}:read`, `${r}:write`] as Scope[]);

export const SCOPE_PRESETS = {
  "full-access": { label: "Full access", scopes: ALL_SCOPES },
  "read-only": { label: "Read only", scopes: RESOURCE_NAMES.map((r) => `${r}:read` as Scope) },
} as const satisfies Record<string, { label: string; scopes: Scope[] }>;

export type ScopePreset = keyof typeof SCOPE_PRESETS;

export const ScopeSchema = z.enum(ALL_SCOPES as [Scope, ...Scope[]], {
  error: (issue) => `Unknown scope "${String(issue.input)}". Scopes are <resource>:read or <resource>:write, with resource one of: ${RESOURCE_NAMES.join(", ")}.`,
});

/** In canonical order, without duplicates, with the read that each write implies spelled out. */
export function normalizeScopes(scopes: readonly Scope[]): Scope[] {
  const set = new Set(scopes);
  for (const scope of scopes) if (scope.endsWith(":write")) set.add(scope.replace(":write", ":read") as Scope);
  return ALL_SCOPES.filter((s) => set.has(s));
}

export function hasScope(granted: readonly string[], resource: ApiResource, access: Access): boolean {
  return granted.includes(`${resource}:write`) || (access === "read" && granted.includes(`${resource}:read`));
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
  return scopes.filter((scope) => scope.endsWith(":write"));
}
