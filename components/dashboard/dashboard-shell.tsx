import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS } from "@/lib/organizations/roles";
import type { DashboardContext } from "@/lib/organizations/current";
import { MenuCloser } from "./menu-closer";
import { NavLinks } from "./nav-links";
import { OrganizationSwitcher } from "./organization-switcher";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "@/components/ui/theme-toggle";

const MENU = "dashboard-menu";

/**
 * The dashboard's frame, one structure at every width. On phones it is one
 * top bar (logo, organization, "Menu"), and the menu (sections, the user,
 * sign-out) is a native popover, so it opens without JavaScript. From 768 px
 * the same elements stand as a sidebar, the popover shown in place by CSS.
 */
export function DashboardShell({ context, children }: { context: DashboardContext; children: ReactNode }) {
  const { user, membership } = context;
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[16rem_1fr]">
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 flex items-center gap-3 border-b border-border bg-surface px-4 py-2 md:h-dvh md:flex-col md:items-stretch md:gap-5 md:border-r md:border-b-0 md:py-5">
        <Link href="/keys" className="flex shrink-0 items-center gap-2">
          <Image src="/logo.svg" alt="" width={28} height={28} />
          <span className="sr-only text-lg font-semibold tracking-tight md:not-sr-only">Keyward</span>
        </Link>
        {membership && (
          <div className="min-w-0 flex-1 md:flex-none">
            <p className="truncate text-sm font-medium" title={membership.organization.name} data-testid="organization-name">
              {membership.organization.name}
            </p>
            <p className="text-xs text-muted-foreground">{ROLE_LABELS[membership.role]}</p>
          </div>
        )}
        <button
          type="button"
          popoverTarget={MENU}
          className="ml-auto shrink-0 rounded-md border border-input px-3 py-1.5 text-sm font-medium md:hidden"
        >
          Menu
        </button>
        <div
          id={MENU}
          popover="auto"
          className="inset-auto top-14 right-2 m-0 w-72 max-w-[calc(100vw-1rem)] rounded-xl border border-border bg-surface p-3 text-foreground shadow-lg md:static md:flex md:w-auto md:max-w-none md:flex-1 md:flex-col md:overflow-visible md:rounded-none md:border-0 md:bg-transparent md:p-0 md:shadow-none"
        >
          <MenuCloser menuId={MENU} />
          <div className="flex flex-col gap-4 md:flex-1">
            {membership && membership.organizations.length > 1 && (
              <OrganizationSwitcher
                current={membership.organization.slug}
                organizations={membership.organizations.map((m) => ({ slug: m.organization.slug, name: m.organization.name }))}
              />
            )}
            <nav aria-label="Dashboard">
              <NavLinks isAdmin={membership !== null && membership.role !== "MEMBER"} isOwner={membership?.role === "OWNER"} />
            </nav>
            <div className="flex flex-col gap-2 border-t border-border pt-3 md:mt-auto">
              {/* Not a dashboard section: the public API reference (lib/docs/api-reference.ts). */}
              <a href="/docs/api" className="px-3 text-sm text-brand hover:underline">
                API reference
              </a>
              <p className="truncate px-3 text-sm text-muted-foreground" title={user.email}>
                {user.email}
              </p>
              <div className="flex items-center justify-between gap-2 px-3">
                <SignOutButton />
                <ThemeToggle />
              </div>
            </div>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl min-w-0 flex-1 p-4 outline-none md:p-8">
        {membership ? children : <p className="text-muted-foreground">You are not a member of any organization. Ask an admin of your team to add you.</p>}
      </main>
    </div>
  );
}
