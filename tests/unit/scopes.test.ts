import { describe, expect, test } from "vitest";
import { z } from "zod";
import { CreateApiKeySchema } from "@/lib/api-keys/schemas";
import {
  accessFor,
  ALL_SCOPES,
  API_RESOURCES,
  hasScope,
  normalizeScopes,
  presetOf,
  SCOPE_PRESETS,
  ScopeSchema,
  scopesBeyondRole,
  type Scope,
} from "@/lib/api-keys/scopes";

describe("scope lists and presets", () => {
  test("every resource has its accesses (read and write, or token exchange's own), in resource order", () => {
    expect(Object.keys(API_RESOURCES)).toEqual(["resources", "usage", "tokens"]);
    expect(ALL_SCOPES).toEqual(["resources:read", "resources:write", "usage:read", "usage:write", "tokens:exchange"]);
  });

  test("the access a request needs: read for GET and HEAD, write otherwise, exchange for token exchange", () => {
    expect(accessFor("resources", "GET")).toBe("read");
    expect(accessFor("resources", "HEAD")).toBe("read");
    expect(accessFor("resources", "DELETE")).toBe("write");
    expect(accessFor("tokens", "POST")).toBe("exchange");
    expect(hasScope(["tokens:exchange"], "tokens", "exchange")).toBe(true);
    expect(hasScope(["resources:write"], "tokens", "exchange")).toBe(false);
  });

  test("full access grants everything; read only grants every read and no write", () => {
    expect(SCOPE_PRESETS["full-access"].scopes).toEqual(ALL_SCOPES);
    expect(SCOPE_PRESETS["read-only"].scopes).toEqual(["resources:read", "usage:read"]);
    expect(SCOPE_PRESETS["read-only"].scopes.some((s) => s.endsWith(":write"))).toBe(false);
    expect(SCOPE_PRESETS["full-access"].label).toBe("Full access");
    expect(SCOPE_PRESETS["read-only"].label).toBe("Read only");
  });
});

describe("normalizeScopes", () => {
  test.each<[Scope[], Scope[]]>([
    [[], []],
    [["usage:read", "resources:read"], ["resources:read", "usage:read"]],
    [["usage:read", "usage:read", "usage:read"], ["usage:read"]],
    [["resources:write"], ["resources:read", "resources:write"]],
    [["usage:write", "resources:read"], ["resources:read", "usage:read", "usage:write"]],
    [["usage:write", "resources:write", "usage:read", "tokens:exchange"], ALL_SCOPES],
  ])("%j → %j", (input, expected) => {
    expect(normalizeScopes(input)).toEqual(expected);
  });

  test("does not change its argument and is idempotent", () => {
    const input: Scope[] = ["usage:write", "resources:read", "usage:write"];
    const once = normalizeScopes(input);
    expect(input).toEqual(["usage:write", "resources:read", "usage:write"]);
    expect(normalizeScopes(once)).toEqual(once);
  });
});

describe("hasScope", () => {
  test("write implies read", () => {
    expect(hasScope(["resources:write"], "resources", "read")).toBe(true);
    expect(hasScope(["resources:write"], "resources", "write")).toBe(true);
  });

  test("read does not imply write", () => {
    expect(hasScope(["resources:read"], "resources", "read")).toBe(true);
    expect(hasScope(["resources:read"], "resources", "write")).toBe(false);
  });

  test("a scope on one resource grants nothing on another", () => {
    expect(hasScope(["usage:write"], "resources", "read")).toBe(false);
    expect(hasScope(["usage:write"], "resources", "write")).toBe(false);
    expect(hasScope([], "usage", "read")).toBe(false);
  });

  test("only exact scope strings count", () => {
    expect(hasScope(["resources:*", "*", "resources", "Resources:write", " resources:write"], "resources", "read")).toBe(false);
  });
});

describe("presetOf", () => {
  test.each([
    [ALL_SCOPES, "full-access"],
    [["usage:write", "resources:write", "tokens:exchange"], "full-access"], // the reads are implied
    [["usage:write", "resources:write"], null], // a key from before token exchange: not silently given it
    [["resources:read", "usage:read"], "read-only"],
    [["usage:read", "resources:read", "usage:read"], "read-only"],
    [["resources:read"], null],
    [["resources:write", "usage:read"], null],
    [[], null],
  ])("%j → %s", (scopes, preset) => {
    expect(presetOf(scopes)).toBe(preset);
  });
});

describe("scopesBeyondRole", () => {
  test("a member may not grant write scopes or token exchange on a live key", () => {
    expect(scopesBeyondRole("MEMBER", "LIVE", ["resources:read", "resources:write", "usage:write"])).toEqual([
      "resources:write",
      "usage:write",
    ]);
    expect(scopesBeyondRole("MEMBER", "LIVE", ALL_SCOPES)).toEqual(["resources:write", "usage:write", "tokens:exchange"]);
  });

  test("a member may grant read scopes on a live key", () => {
    expect(scopesBeyondRole("MEMBER", "LIVE", ["resources:read", "usage:read"])).toEqual([]);
  });

  test("a member may grant anything on a test key", () => {
    expect(scopesBeyondRole("MEMBER", "TEST", ALL_SCOPES)).toEqual([]);
  });

  test.each(["OWNER", "ADMIN", "OPERATOR"] as const)("%s may grant anything anywhere", (role) => {
    expect(scopesBeyondRole(role, "LIVE", ALL_SCOPES)).toEqual([]);
    expect(scopesBeyondRole(role, "TEST", ALL_SCOPES)).toEqual([]);
  });
});

describe("ScopeSchema", () => {
  test("accepts every known scope", () => {
    for (const scope of ALL_SCOPES) expect(ScopeSchema.parse(scope)).toBe(scope);
  });

  test.each(["resources:admin", "billing:read", "resources", "RESOURCES:READ", "", "*"])("rejects %j, naming the resources", (input) => {
    const result = ScopeSchema.safeParse(input);
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    expect(message).toContain(`Unknown scope "${input}"`);
    expect(message).toContain("resources:read, resources:write, usage:read, usage:write, tokens:exchange");
  });

  test("an unknown scope in a create request is reported under its index", () => {
    const result = CreateApiKeySchema.safeParse({
      name: "CI",
      environment: "LIVE",
      scopes: ["resources:read", "usage:delete"],
      expiresAt: null,
    });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(["scopes", 1]);
    expect(issue.message).toMatch(/Unknown scope "usage:delete"/);
  });

  test("a create request needs at least one scope", () => {
    const result = CreateApiKeySchema.safeParse({ name: "CI", environment: "TEST", scopes: [], expiresAt: null });
    expect(result.success).toBe(false);
    expect(z.flattenError(result.error!).fieldErrors.scopes).toEqual(["Grant at least one scope."]);
  });
});
