import { describe, expect, test } from "vitest";
import { AUDIT_ACTIONS, auditActionLabel } from "@/lib/audit/actions";
import { describeAuditEvent } from "@/lib/audit/describe-audit-event";

const keyEvent = (action: string, metadata: unknown) => ({ action, targetType: "api_key", targetId: "0193e2b4-0000-7000-8000-000000000000", metadata });

describe("describeAuditEvent", () => {
  test("an edit written before names were recorded still names the key once, with the change", () => {
    const shown = describeAuditEvent(keyEvent("api_key.updated", { hint: "kw_live_abcd…wxyz", before: { name: "a", description: null }, after: { name: "b" } }));
    expect(shown).toEqual({ label: "Edited key", targetName: "b", hint: "kw_live_abcd…wxyz", details: ['name "a" → "b"'] });
  });

  test("a cleared purpose reads as none", () => {
    const shown = describeAuditEvent(keyEvent("api_key.updated", { name: "k", before: { description: "nightly" }, after: { description: null } }));
    expect(shown.details).toEqual(['purpose "nightly" → none']);
  });

  test("a custom limit changed within the same plan shows both limits; an unchanged quota is not repeated", () => {
    const shown = describeAuditEvent(
      keyEvent("api_key.rate_limit_changed", {
        name: "k",
        before: { plan: "CUSTOM", limit: 50, windowSeconds: 60, monthlyQuota: 5000 },
        after: { plan: "CUSTOM", limit: 100, windowSeconds: 3600, monthlyQuota: 5000 },
      }),
    );
    expect(shown.details).toEqual(["plan Custom (50 requests per minute) → Custom (100 requests per hour)"]);
  });

  test("an IP allowlist change lists the addresses before and after (empty: any)", () => {
    expect(describeAuditEvent(keyEvent("api_key.ip_allowlist_changed", { name: "k", before: [], after: ["203.0.113.0/24", "2001:db8::/32"] })).details).toEqual([
      "allowed addresses any → 203.0.113.0/24, 2001:db8::/32",
    ]);
    expect(describeAuditEvent(keyEvent("api_key.ip_allowlist_changed", { name: "k", before: ["198.51.100.7"], after: [] })).details).toEqual(["allowed addresses 198.51.100.7 → any"]);
  });

  test("times in details use the dashboard's one format", () => {
    const shown = describeAuditEvent(keyEvent("api_key.rotated", { name: "k", grace: "24h", worksUntil: "2026-11-26T06:01:30.000Z" }));
    expect(shown.details).toEqual(["grace 24h, old key works until 2026-11-26 06:01 UTC"]);
  });

  test("a leak report says where and what was done; a revocation says why, when it was given a reason", () => {
    expect(describeAuditEvent(keyEvent("api_key.leaked", { name: "k", url: "https://github.com/o/r/blob/1/a.js", source: "content", action: "flagged" })).details).toEqual([
      "at https://github.com/o/r/blob/1/a.js (content): flagged, still working",
    ]);
    expect(describeAuditEvent(keyEvent("api_key.revoked", { name: "k", reason: "found by keyward scan in a.js:3" })).details).toEqual(["found by keyward scan in a.js:3"]);
    expect(describeAuditEvent(keyEvent("api_key.revoked", { name: "k" })).details).toEqual([]);
    expect(describeAuditEvent({ action: "organization.leak_policy_changed", targetType: "organization", targetId: null, metadata: { before: "REVOKE", after: "FLAG" } }).details).toEqual([
      "a reported leak flags the key",
    ]);
  });

  test("members and organizations show their before → after", () => {
    expect(describeAuditEvent({ action: "member.role_changed", targetType: "user", targetId: null, metadata: { email: "m@example.com", before: "ADMIN", after: "MEMBER" } })).toMatchObject({
      targetName: "m@example.com",
      details: ["role admin → member"],
    });
    expect(describeAuditEvent({ action: "organization.renamed", targetType: "organization", targetId: null, metadata: { before: "Acme", after: "Acme Inc" } }).details).toEqual(['name "Acme" → "Acme Inc"']);
  });
});

describe("audit action labels", () => {
  test("each action has its own label, and an unknown action shows as recorded", () => {
    const labels = Object.values(AUDIT_ACTIONS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(auditActionLabel("api_key.rate_limit_changed")).toBe("Changed rate limit");
    expect(auditActionLabel("widget.frobbed")).toBe("widget.frobbed");
  });
});
