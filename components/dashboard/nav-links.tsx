"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export const DASHBOARD_NAV = [
  { href: "/keys", label: "Keys" },
  { href: "/review", label: "Review", adminOnly: true },
  { href: "/usage", label: "Usage" },
  { href: "/audit-log", label: "Audit log" },
  { href: "/webhooks", label: "Webhooks", adminOnly: true },
  { href: "/settings", label: "Settings" },
  { href: "/system", label: "System", ownerOnly: true },
] as const;

export function NavLinks({ isAdmin, isOwner }: { isAdmin: boolean; isOwner: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {DASHBOARD_NAV.filter((item) => (isAdmin || !("adminOnly" in item)) && (isOwner || !("ownerOnly" in item))).map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap",
                active ? "bg-brand-subtle text-brand" : "text-foreground hover:bg-surface-muted",
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
