import Link from "next/link";
import { cn } from "./cn";

export type Tab = { href: string; label: string };

/**
 * Tabs that are links: each tab is its own URL (shareable, back button,
 * works without JavaScript), so this is navigation with aria-current, not an
 * ARIA tablist. `current` is the href of the page being shown.
 */
export function Tabs({ label, tabs, current, className }: { label: string; tabs: Tab[]; current: string; className?: string }) {
  return (
    <nav aria-label={label} className={cn("border-b border-border", className)}>
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map((tab) => {
          const active = tab.href === current;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                  active ? "border-brand text-foreground" : "border-transparent text-muted-foreground hover:border-border hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
