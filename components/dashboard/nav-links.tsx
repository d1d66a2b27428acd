"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const DASHBOARD_NAV = [
  { href: "/keys", label: "Keys" },
  { href: "/review", label: "Review", adminOnly: true },
  { href: "/usage", label: "Usage" },
  { href: "/audit-log", label: "Audit log" },
  { href: "/settings", label: "Settings" },
] as const;

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {DASHBOARD_NAV.filter((item) => isAdmin || !("adminOnly" in item)).map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
                active ? "bg-brand-50 text-brand-700" : "text-zinc-700 hover:bg-zinc-100"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
