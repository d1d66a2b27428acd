"use client";

import { useActionState } from "react";
import { switchOrganizationAction } from "@/app/(dashboard)/actions";
import { AutoSubmitSelect } from "@/components/ui/auto-submit-select";
import { IDLE } from "@/lib/dashboard/form-state";

/** Shown to people in more than one organization. */
export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: { slug: string; name: string }[] }) {
  const [state, action, pending] = useActionState(switchOrganizationAction, IDLE);
  return (
    <form action={action} className="flex flex-col gap-1">
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <AutoSubmitSelect id="organization-switcher" name="organization" defaultValue={current} disabled={pending} submitLabel="Switch" className="max-w-48 py-1 text-xs">
        {organizations.map((organization) => (
          <option key={organization.slug} value={organization.slug}>
            {organization.name}
          </option>
        ))}
      </AutoSubmitSelect>
      {state.status === "error" && (
        <p role="alert" className="text-xs text-danger">
          {state.message}
        </p>
      )}
    </form>
  );
}
