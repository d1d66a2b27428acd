// What the audit log records for key edits and rate-limit changes, and what a
// member may filter by, against a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setApiKeyRateLimit, updateApiKey } from "@/lib/api-keys/change-api-key";
import { stopServices } from "@/lib/runtime/services";
import { describeAuditEvent } from "@/lib/audit/describe-audit-event";
import { listAuditActions } from "@/lib/audit/queries";
import { getPrisma } from "@/lib/db/prisma";
import { renameOrganization } from "@/lib/organizations/manage";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  org = await createOrganizationActor("Auditor");
});

async function eventsOf(targetId: string, action: string) {
  return getPrisma().auditEvent.findMany({ where: { targetId, action }, orderBy: { id: "asc" } });
}

describe("editing a key", () => {
  test("the event names the key and shows the change, not the hint twice", async () => {
    const { apiKey } = await issueKey(org.actor, { name: "a" });
    await updateApiKey(org.actor, apiKey.id, { name: "b" });
    const [event] = await eventsOf(apiKey.id, "api_key.updated");
    const shown = describeAuditEvent(event!);
    expect(shown.label).toBe("Edited key");
    expect(shown.targetName).toBe("b");
    expect(shown.details).toEqual(['name "a" → "b"']);
  });

  test("saving with no change writes no event", async () => {
    const { apiKey } = await issueKey(org.actor, { name: "same", description: "kept" });
    await updateApiKey(org.actor, apiKey.id, { name: "same", description: "kept" });
    expect(await eventsOf(apiKey.id, "api_key.updated")).toHaveLength(0);
  });
});

describe("changing a key's rate limit", () => {
  test("the event shows the plan and quota before → after", async () => {
    const { apiKey } = await issueKey(org.actor, { name: "limited" });
    await setApiKeyRateLimit(org.actor, apiKey.id, { plan: "CUSTOM", limit: 50, window: "1m", monthlyQuota: 10_000 });
    const [event] = await eventsOf(apiKey.id, "api_key.rate_limit_changed");
    const shown = describeAuditEvent(event!);
    expect(shown.label).toBe("Changed rate limit");
    expect(shown.targetName).toBe("limited");
    expect(shown.details).toEqual([
      "plan Standard (1,000 requests per hour) → Custom (50 requests per minute)",
      "monthly quota none → 10,000",
    ]);
  });

  test("saving the same settings writes no event", async () => {
    const { apiKey } = await issueKey(org.actor);
    await setApiKeyRateLimit(org.actor, apiKey.id, { plan: "PRO" });
    await setApiKeyRateLimit(org.actor, apiKey.id, { plan: "PRO" });
    expect(await eventsOf(apiKey.id, "api_key.rate_limit_changed")).toHaveLength(1);
  });
});

describe("the action filter", () => {
  test("a member is offered only the actions they can see; an owner sees every action recorded", async () => {
    const { organization, user, actor } = await createOrganizationActor("Filter");
    const memberUser = await addMember(organization.id, "MEMBER");
    const member = userActor(memberUser, organization.id, "MEMBER");
    await renameOrganization({ organizationId: organization.id, userId: user.id, email: user.email, ip: null }, "Filter renamed");
    const { apiKey } = await issueKey(member, { name: "member's" });
    await updateApiKey(member, apiKey.id, { name: "member's, renamed" });
    await issueKey(actor, { name: "owner's" }).then(({ apiKey: own }) => setApiKeyRateLimit(actor, own.id, { plan: "PRO" }));

    const memberActions = await listAuditActions({ organizationId: organization.id, userId: memberUser.id, role: "MEMBER" });
    expect(memberActions).toEqual(["api_key.created", "api_key.updated"]);
    const ownerActions = await listAuditActions({ organizationId: organization.id, userId: user.id, role: "OWNER" });
    expect(ownerActions).toEqual(expect.arrayContaining(["api_key.created", "api_key.updated", "api_key.rate_limit_changed", "organization.renamed"]));
  });
});
