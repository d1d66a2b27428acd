import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS } from "@/lib/organizations/roles";
import type { DashboardContext } from "@/lib/organizations/current";
import { NavLinks } from "./nav-links";
import { OrganizationSwitcher } from "./organization-switcher";
import { SignOutButton } from "./sign-out-button";

export function DashboardShell({ context, children }: { context: DashboardContext; children: ReactNode }) {
  const { user, membership } = context;
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <aside className="border-b border-zinc-200 bg-white md:min-h-dvh md:border-r md:border-b-0">
        <div className="flex items-center justify-between gap-2 px-4 py-3 md:flex-col md:items-stretch md:gap-4 md:py-5">
          <Link href="/keys" className="flex shrink-0 items-center gap-2">
            <Image src="/logo.svg" alt="" width={28} height={28} />
            <span className="text-lg font-semibold tracking-tight">Keyward</span>
          </Link>
          {membership && (
            <div className="min-w-0 text-right md:text-left">
              <p className="truncate text-sm font-medium" title={membership.organization.name} data-testid="organization-name">
                {membership.organization.name}
              </p>
              <p className="text-xs text-zinc-500">{ROLE_LABELS[membership.role]}</p>
              {membership.organizations.length > 1 && (
                <OrganizationSwitcher
                  current={membership.organization.slug}
                  organizations={membership.organizations.map((m) => ({ slug: m.organization.slug, name: m.organization.name }))}
                />
              )}
            </div>
          )}
        </div>
        <nav aria-label="Dashboard" className="px-2 pb-2 md:px-3">
          <NavLinks isAdmin={membership !== null && membership.role !== "MEMBER"} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-zinc-200 bg-white px-4 py-2">
          {/* Not a dashboard section: the public API reference (lib/docs/api-reference.ts). */}
          <a href="/docs/api" className="mr-auto text-sm text-brand-700 hover:underline">
            API reference
          </a>
          <span className="min-w-0 truncate text-sm text-zinc-600" title={user.email}>
            {user.email}
          </span>
          <SignOutButton />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8">
          {membership ? (
            children
          ) : (
            <p className="text-zinc-600">You are not a member of any organization. Ask an admin of your team to add you.</p>
          )}
        </main>
      </div>
    </div>
  );
}
