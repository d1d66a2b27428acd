import type { ReactNode } from "react";
import { setThemeAction } from "@/lib/ui/theme-action";
import { currentTheme } from "@/lib/ui/current-theme";
import { THEMES, type Theme } from "@/lib/ui/theme";
import { cn } from "./cn";

const LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };

const ICONS: Record<Theme, ReactNode> = {
  light: (
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2m0 16v2M4.9 4.9l1.4 1.4m11.4 11.4 1.4 1.4M2 12h2m16 0h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </>
  ),
  dark: <path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5Z" />,
  system: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8m-4-4v4" />
    </>
  ),
};

/** The light / dark / system switch, reading the visitor's choice from its cookie. */
export async function ThemeToggle({ className }: { className?: string }) {
  return <ThemeToggleForm current={await currentTheme()} className={className} />;
}

/**
 * A plain form of three submit buttons posting to a server action that sets
 * the theme cookie, so it works before JavaScript loads; the pressed button
 * is the current choice.
 */
export function ThemeToggleForm({ current, className }: { current: Theme; className?: string }) {
  return (
    <form action={setThemeAction} className={className}>
      <fieldset className="inline-flex items-center gap-0.5 rounded-lg border border-border bg-surface p-0.5">
        <legend className="sr-only">Theme</legend>
        {THEMES.map((theme) => (
          <button
            key={theme}
            type="submit"
            name="theme"
            value={theme}
            aria-pressed={theme === current}
            title={LABELS[theme]}
            className={cn(
              "inline-flex size-7 items-center justify-center rounded-md text-muted-foreground hover:text-foreground",
              theme === current && "bg-surface-muted text-foreground shadow-xs",
            )}
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              {ICONS[theme]}
            </svg>
            <span className="sr-only">{LABELS[theme]}</span>
          </button>
        ))}
      </fieldset>
    </form>
  );
}
