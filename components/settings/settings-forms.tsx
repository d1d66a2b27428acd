"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import {
  changePasswordAction,
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
  renameOrganizationAction,
  updateKeyPolicyAction,
} from "@/app/(dashboard)/settings/actions";
import { useActionSubmit } from "@/components/dashboard/use-action-submit";
import { ConfirmDialog } from "@/components/keys/key-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { formatDateTime } from "@/lib/dashboard/format";

type Role = "OWNER" | "ADMIN" | "MEMBER";
const ROLES: { value: Role; label: string }[] = [
  { value: "OWNER", label: "Owner" },
  { value: "ADMIN", label: "Admin" },
  { value: "MEMBER", label: "Member" },
];

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {description && <p className="text-sm text-zinc-600">{description}</p>}
      {children}
    </section>
  );
}

export function OrganizationNameForm({ name, canEdit }: { name: string; canEdit: boolean }) {
  const [value, setValue] = useState(name);
  const { pending, errors, status, submit } = useActionSubmit();
  return (
    <Section id="org-title" title="Organization">
      <form method="post" className="flex flex-col gap-3" onSubmit={(e: FormEvent) => (e.preventDefault(), submit(() => renameOrganizationAction(value), "Organization renamed."))}>
        {status && <Alert tone={status.tone}>{status.text}</Alert>}
        <TextField label="Organization name" value={value} onChange={(e) => setValue(e.target.value)} errors={errors.name} disabled={!canEdit} />
        {canEdit && (
          <div>
            <Button type="submit" variant="secondary" disabled={pending}>
              {pending ? "Saving…" : "Save name"}
            </Button>
          </div>
        )}
      </form>
    </Section>
  );
}

export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { pending, errors, status, submit } = useActionSubmit();
  return (
    <Section id="password-title" title="Your password" description="Changing it signs you out everywhere else: other browsers and devices need the new password.">
      <form
        method="post"
        className="flex flex-col gap-3"
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          if (await submit(() => changePasswordAction(current, next), "Password changed. Your other sessions have ended.")) {
            setCurrent("");
            setNext("");
          }
        }}
      >
        {status && <Alert tone={status.tone}>{status.text}</Alert>}
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} errors={errors.currentPassword} />
        <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} errors={errors.newPassword} />
        <div>
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
    </Section>
  );
}

export function KeyPolicyForm({ policy, canEdit }: { policy: { maxKeyLifetimeDays: number | null; requireKeyExpiry: boolean }; canEdit: boolean }) {
  const [max, setMax] = useState(policy.maxKeyLifetimeDays?.toString() ?? "");
  const [required, setRequired] = useState(policy.requireKeyExpiry);
  const { pending, errors, status, submit } = useActionSubmit();
  return (
    <Section
      id="policy-title"
      title="Key policy"
      description="Applies when a key is created or rotated; keys that exist keep their expiry. A maximum lifetime also means every key must expire."
    >
      <form
        method="post"
        className="flex flex-col gap-3"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const days = max.trim() === "" ? null : Number(max);
          submit(() => updateKeyPolicyAction({ maxKeyLifetimeDays: days, requireKeyExpiry: required }), "Key policy saved.");
        }}
      >
        {status && <Alert tone={status.tone}>{status.text}</Alert>}
        <TextField
          label="Maximum key lifetime (days)"
          inputMode="numeric"
          value={max}
          onChange={(e) => setMax(e.target.value)}
          errors={errors.maxKeyLifetimeDays}
          hint="Leave empty for no maximum."
          disabled={!canEdit}
          className="max-w-xs"
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} disabled={!canEdit} className="size-4 accent-brand-600" />
          Keys must have an expiry
        </label>
        {canEdit && (
          <div>
            <Button type="submit" variant="secondary" disabled={pending}>
              {pending ? "Saving…" : "Save policy"}
            </Button>
          </div>
        )}
      </form>
    </Section>
  );
}

type Member = { userId: string; email: string; name: string | null; role: Role; isYou: boolean };

export type PendingInvitation = { id: string; email: string; role: Role; expiresAt: string };

export function MembersSection({
  members,
  invitations,
  canManage,
  isOwner,
}: {
  members: Member[];
  invitations: PendingInvitation[];
  canManage: boolean;
  isOwner: boolean;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const { pending, errors, status, submit } = useActionSubmit();
  const roleChoices = ROLES.filter((r) => isOwner || r.value !== "OWNER");
  return (
    <Section id="members-title" title="Members">
      {status && <Alert tone={status.tone}>{status.text}</Alert>}
      <ul className="divide-y divide-zinc-100">
        {members.map((member) => {
          const editable = canManage && (isOwner || member.role !== "OWNER");
          return (
            <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {member.name ?? member.email} {member.isYou && <span className="text-xs text-zinc-500">(you)</span>}
                </p>
                <p className="truncate text-xs text-zinc-500">{member.email}</p>
              </div>
              <div className="flex items-center gap-2">
                <label className="sr-only" htmlFor={`role-${member.userId}`}>
                  Role of {member.email}
                </label>
                <select
                  id={`role-${member.userId}`}
                  value={member.role}
                  disabled={!editable || pending}
                  onChange={(e) => submit(() => changeMemberRoleAction(member.userId, e.target.value as Role), `${member.email} is now ${e.target.value.toLowerCase()}.`)}
                  className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
                >
                  {(editable ? roleChoices : ROLES).map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
                {editable && (
                  <ConfirmDialog
                    trigger={`Remove ${member.email}`}
                    title={`Remove ${member.email}?`}
                    confirm="Remove member"
                    danger
                    onConfirm={async (close) => {
                      close();
                      await submit(() => removeMemberAction(member.userId), `${member.email} was removed. Their keys still work; review them.`);
                    }}
                  >
                    <p>They lose access to this organization. Keys they created keep working until you revoke them; admin review flags them.</p>
                  </ConfirmDialog>
                )}
              </div>
            </li>
          );
        })}
        {canManage &&
          invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">{invitation.email}</p>
                <p className="truncate text-xs text-zinc-500">
                  Invited as {invitation.role.toLowerCase()} · joins on their next sign-in or sign-up · until {formatDateTime(invitation.expiresAt)}
                </p>
              </div>
              <Button
                type="button"
                variant="secondary"
                disabled={pending}
                onClick={() => submit(() => revokeInvitationAction(invitation.id), `The invitation for ${invitation.email} was withdrawn.`)}
              >
                Withdraw invitation
              </Button>
            </li>
          ))}
      </ul>
      {canManage && (
        <form
          method="post"
          className="flex flex-wrap items-end gap-3 border-t border-zinc-100 pt-3"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            submit(
              () => inviteMemberAction(email, role),
              `Invitation recorded for ${email}. They join when they next sign in, or sign up, with this email.`,
            ).then((invited) => invited && setEmail(""));
          }}
        >
          <TextField
            label="Invite a member by email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={errors.email}
            className="min-w-64 flex-1"
            hint="They join when they next sign in, or sign up, with this email (within 7 days)."
          />
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal">
              {roleChoices.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" disabled={pending}>
            Invite
          </Button>
        </form>
      )}
    </Section>
  );
}
