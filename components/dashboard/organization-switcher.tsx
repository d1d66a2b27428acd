"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { switchOrganizationAction } from "@/app/(dashboard)/actions";

/** Shown to people in more than one organization. */
export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="organization-switcher"
        value={current}
        onChange={async (event) => {
          const result = await switchOrganizationAction(event.target.value).catch(() => null);
          if (!result?.ok) return setError(result?.message ?? "Could not switch. Try again.");
          setError(null);
          router.push("/keys");
          router.refresh();
        }}
        className="max-w-48 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs"
      >
        {organizations.map((organization) => (
          <option key={organization.slug} value={organization.slug}>
            {organization.name}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
