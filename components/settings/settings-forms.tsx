"use client";

import { useActionState, type ReactNode } from "react";
import {
  changePasswordAction,
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  renameOrganizationAction,
  updateKeyPolicyAction,
} from "@/app/(dashboard)/settings/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { AutoSubmitSelect } from "@/components/ui/auto-submit-select";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

type Role = "OWNER" | "ADMIN" | "MEMBER";
const ROLES: { value: Role; label: string }[] = [
  { value: "OWNER", label: "Owner" },
  { value: "ADMIN", label: "Admin" },
  { value: "MEMBER", label: "Member" },
];
const ROLE_LABEL = Object.fromEntries(ROLES.map((r) => [r.value, r.label])) as Record<Role, string>;

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader className="flex-col">
        <CardTitle id={id}>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

export function OrganizationNameForm({ name, canEdit }: { name: string; canEdit: boolean }) {
  const [state, action] = useActionState(renameOrganizationAction, IDLE);
  return (
    <Section id="org-title" title="Organization">
      <form action={action} className="flex flex-col gap-3">
        <FormMessage state={state} />
        <TextField label="Organization name" name="name" defaultValue={sentValue(state, "name", name)} errors={state.fieldErrors.name} disabled={!canEdit} />
        {canEdit && (
          <div>
            <SubmitButton variant="secondary" pendingLabel="Saving…">
              Save name
            </SubmitButton>
          </div>
        )}
      </form>
    </Section>
  );
}

export function PasswordForm() {
  const [state, action] = useActionState(changePasswordAction, IDLE);
  return (
    <Section id="password-title" title="Your password" description="Changing it signs you out everywhere else: other browsers and devices need the new password.">
      <form action={action} className="flex flex-col gap-3">
        <FormMessage state={state} />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={state.fieldErrors.currentPassword} />
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" errors={state.fieldErrors.newPassword} />
        <div>
          <SubmitButton variant="secondary" pendingLabel="Changing…">
            Change password
          </SubmitButton>
        </div>
      </form>
    </Section>
  );
}

export function KeyPolicyForm({ policy, canEdit }: { policy: { maxKeyLifetimeDays: number | null; requireKeyExpiry: boolean }; canEdit: boolean }) {
  const [state, action] = useActionState(updateKeyPolicyAction, IDLE);
  const required = state.status === "idle" ? policy.requireKeyExpiry : state.values.requireKeyExpiry !== undefined;
  return (
    <Section
      id="policy-title"
      title="Key policy"
      description="Applies when a key is created or rotated; keys that exist keep their expiry. A maximum lifetime also means every key must expire."
    >
      <form action={action} className="flex flex-col gap-3">
        <FormMessage state={state} />
        <TextField
          label="Maximum key lifetime (days)"
          name="maxKeyLifetimeDays"
          inputMode="numeric"
          defaultValue={sentValue(state, "maxKeyLifetimeDays", policy.maxKeyLifetimeDays?.toString() ?? "")}
          errors={state.fieldErrors.maxKeyLifetimeDays}
          hint="Leave empty for no maximum."
          disabled={!canEdit}
          className="max-w-xs"
        />
        <Checkbox name="requireKeyExpiry" label="Keys must have an expiry" defaultChecked={required} disabled={!canEdit} />
        {canEdit && (
          <div>
            <SubmitButton variant="secondary" pendingLabel="Saving…">
              Save policy
            </SubmitButton>
          </div>
        )}
      </form>
    </Section>
  );
}

export type MemberRow = { userId: string; email: string; name: string | null; role: Role; isYou: boolean };

export type PendingInvitation = { id: string; email: string; role: Role; expiresAt: string };

/**
 * The organization's members and pending invitations. A row offers only what
 * can succeed: no role choice or "Remove" on the last owner, none on owners
 * for an admin, none at all for a member.
 */
export function MembersSection({
  members,
  invitations,
  canManage,
  isOwner,
}: {
  members: MemberRow[];
  invitations: PendingInvitation[];
  canManage: boolean;
  isOwner: boolean;
}) {
  const owners = members.filter((m) => m.role === "OWNER").length;
  const roleChoices = ROLES.filter((r) => isOwner || r.value !== "OWNER");
  return (
    <Section id="members-title" title="Members">
      <ul className="divide-y divide-border">
        {members.map((member) => {
          const lastOwner = member.role === "OWNER" && owners === 1;
          const editable = canManage && !lastOwner && (isOwner || member.role !== "OWNER");
          return (
            <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {member.name ?? member.email} {member.isYou && <span className="text-xs text-muted-foreground">(you)</span>}
                </p>
                <p className="truncate text-xs text-muted-foreground">{member.email}</p>
              </div>
              {editable ? (
                <div className="flex flex-wrap items-center gap-2">
                  <MemberRoleForm member={member} choices={roleChoices} />
                  <RemoveMember member={member} />
                </div>
              ) : (
                <span className="text-sm text-muted-foreground" title={lastOwner ? "The only owner: make someone else an owner first." : undefined}>
                  {ROLE_LABEL[member.role]}
                </span>
              )}
            </li>
          );
        })}
        {canManage && invitations.map((invitation) => <InvitationRow key={invitation.id} invitation={invitation} />)}
      </ul>
      {canManage && <InviteForm choices={roleChoices} />}
    </Section>
  );
}

/** Choosing a role saves it at once once the page is interactive; before that (or without JavaScript), "Save role" does. */
function MemberRoleForm({ member, choices }: { member: MemberRow; choices: typeof ROLES }) {
  const [state, action, pending] = useActionState(changeMemberRoleAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="userId" value={member.userId} />
      <input type="hidden" name="email" value={member.email} />
      <label className="sr-only" htmlFor={`role-${member.userId}`}>
        Role of {member.email}
      </label>
      <AutoSubmitSelect id={`role-${member.userId}`} name="role" defaultValue={member.role} disabled={pending} submitLabel="Save role">
        {choices.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </AutoSubmitSelect>
      <FormMessage state={state} />
    </form>
  );
}

function RemoveMember({ member }: { member: MemberRow }) {
  const [state, action, pending] = useActionState(removeMemberAction, IDLE);
  return (
    <ConfirmDialog
      id={`remove-${member.userId}`}
      trigger="Remove"
      title={`Remove ${member.email}?`}
      confirm={pending ? "Removing…" : "Remove member"}
      danger
      action={action}
      state={state}
      pending={pending}
    >
      <input type="hidden" name="userId" value={member.userId} />
      <input type="hidden" name="email" value={member.email} />
      <p>They lose access to this organization. Keys they created keep working until you revoke them; admin review flags them.</p>
    </ConfirmDialog>
  );
}

function InvitationRow({ invitation }: { invitation: PendingInvitation }) {
  const [state, action, pending] = useActionState(revokeInvitationAction, IDLE);
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3">
      <div className="min-w-0">
        <p className="truncate font-medium">{invitation.email}</p>
        <p className="truncate text-xs text-muted-foreground">
          Invited as {invitation.role.toLowerCase()} · joins on their next sign-in or sign-up · until {invitation.expiresAt}
        </p>
      </div>
      <form action={action} className="flex flex-col items-end gap-1">
        <input type="hidden" name="invitationId" value={invitation.id} />
        <input type="hidden" name="email" value={invitation.email} />
        <Button type="submit" variant="secondary" disabled={pending}>
          Withdraw invitation
        </Button>
        <FormMessage state={state} />
      </form>
    </li>
  );
}

function InviteForm({ choices }: { choices: typeof ROLES }) {
  const [state, action] = useActionState(inviteMemberAction, IDLE);
  return (
    <form action={action} className="flex flex-col gap-3 border-t border-border pt-3">
      <FormMessage state={state} />
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          label="Invite a member by email"
          name="email"
          type="email"
          defaultValue={state.status === "error" ? sentValue(state, "email") : ""}
          errors={state.fieldErrors.email}
          className="min-w-64 flex-1"
          hint="They join when they next sign in, or sign up, with this email (within 7 days)."
        />
        <Field label="Role">
          {(control) => (
            <Select {...control} name="role" key={sentValue(state, "role")} defaultValue={sentValue(state, "role", "MEMBER")} width="fit">
              {choices.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <SubmitButton>Invite</SubmitButton>
      </div>
    </form>
  );
}
