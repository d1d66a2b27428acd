// Every action the audit log records, with the words the dashboard shows for
// it. Recorders take an `AuditAction`, so a new event cannot be written
// without a label, and no screen keeps its own copy of these strings.
export const AUDIT_ACTIONS = {
  "api_key.created": "Created key",
  "api_key.updated": "Edited key",
  "api_key.revoked": "Revoked key",
  "api_key.rotated": "Rotated key",
  "api_key.rotated_in": "Issued key by rotation",
  "api_key.rate_limit_changed": "Changed rate limit",
  "api_key.ip_allowlist_changed": "Changed allowed IP addresses",
  "api_key.token_exchanged": "Exchanged for a token",
  "api_key.credits_added": "Added credits",
  "api_key.credit_refill_set": "Set monthly credit refill",
  "api_key.credits_unmetered": "Stopped metering credits",
  "api_key.leaked": "Reported leaked",
  "organization.created": "Created organization",
  "organization.renamed": "Renamed organization",
  "organization.policy_updated": "Changed key policy",
  "organization.leak_policy_changed": "Changed leak policy",
  "organization.credits_added": "Added organization credits",
  "organization.credit_refill_set": "Set organization credit refill",
  "organization.credits_unmetered": "Stopped metering organization credits",
  "member.invited": "Invited member",
  "member.invitation_revoked": "Revoked invitation",
  "member.joined": "Joined",
  // No longer written (members join by invitation), but older logs hold it.
  "member.added": "Added member",
  "member.role_changed": "Changed role",
  "member.removed": "Removed member",
  "webhook.endpoint_created": "Added webhook endpoint",
  "webhook.secret_rotated": "Rotated webhook secret",
  "webhook.endpoint_enabled": "Enabled webhook endpoint",
  "webhook.endpoint_disabled": "Disabled webhook endpoint",
  "webhook.endpoint_deleted": "Deleted webhook endpoint",
  "webhook.redelivered": "Redelivered webhook",
  "webhook.test_sent": "Sent test webhook",
} as const satisfies Record<`${string}.${string}`, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The label for a stored action; an action this version does not know shows as recorded. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}
