"use client";

import { useActionState } from "react";
import { switchOrganizationAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { IDLE } from "@/lib/dashboard/form-state";

/**
 * Shown to people in more than one organization. Once the page is
 * interactive, choosing switches at once; before that (or without
 * JavaScript), the "Switch" button submits the choice.
 */
export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: { slug: string; name: string }[] }) {
  const [state, action, pending] = useActionState(switchOrganizationAction, IDLE);
  const hydrated = useHydrated();
  return (
    <form action={action} className="flex flex-col gap-1">
      <div className="flex items-center gap-1">
        <label htmlFor="organization-switcher" className="sr-only">
          Organization
        </label>
        <select
          id="organization-switcher"
          name="organization"
          defaultValue={current}
          disabled={pending}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
          className="max-w-48 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs"
        >
          {organizations.map((organization) => (
            <option key={organization.slug} value={organization.slug}>
              {organization.name}
            </option>
          ))}
        </select>
        {!hydrated && (
          <Button type="submit" variant="secondary" className="px-2 py-1 text-xs">
            Switch
          </Button>
        )}
      </div>
      {state.status === "error" && (
        <p role="alert" className="text-xs text-red-600">
          {state.message}
        </p>
      )}
    </form>
  );
}
