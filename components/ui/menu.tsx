"use client";

import Link from "next/link";
import { useEffect, useRef, type ButtonHTMLAttributes, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A row's actions behind one button, on the native <details>/<summary>: it
 * opens and closes before JavaScript loads (the browser toggles it and
 * announces it as expanded or collapsed). With JavaScript, it also closes on
 * a click outside, on Escape (focus goes back to its button), and once an
 * item is chosen. A disclosure, not an ARIA menu: its items are ordinary
 * links and buttons, reached with Tab. On a phone the items open in place,
 * below the button, where no screen edge can cut them off.
 */
export function Menu({ label, trigger = "⋯", align = "end", children, className }: { label: string; trigger?: ReactNode; align?: "start" | "end"; children: ReactNode; className?: string }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const element = details.current;
    if (!element) return;
    const closeOutside = (event: PointerEvent) => {
      if (element.open && !element.contains(event.target as Node)) element.open = false;
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !element.open) return;
      element.open = false;
      element.querySelector("summary")?.focus();
    };
    const closeOnChoice = (event: MouseEvent) => {
      if ((event.target as Element).closest("[data-menu-item]")) element.open = false;
    };
    document.addEventListener("pointerdown", closeOutside);
    element.addEventListener("keydown", closeOnEscape);
    element.addEventListener("click", closeOnChoice);
    return () => {
      document.removeEventListener("pointerdown", closeOutside);
      element.removeEventListener("keydown", closeOnEscape);
      element.removeEventListener("click", closeOnChoice);
    };
  }, []);
  return (
    <details ref={details} className={cn("group relative inline-block text-left", className)}>
      <summary
        aria-label={label}
        title={label}
        className="flex size-8 cursor-pointer list-none items-center justify-center rounded-md text-muted-foreground hover:bg-surface-muted hover:text-foreground group-open:bg-surface-muted [&::-webkit-details-marker]:hidden"
      >
        {trigger}
      </summary>
      <div className={cn("absolute z-30 mt-1 flex min-w-44 flex-col rounded-lg border border-border bg-surface p-1 text-sm shadow-lg max-sm:static max-sm:shadow-none", align === "end" ? "right-0" : "left-0")}>{children}</div>
    </details>
  );
}

const itemClasses = "flex w-full items-center gap-2 rounded-md px-3 py-1.5 text-left whitespace-nowrap hover:bg-surface-muted disabled:cursor-not-allowed disabled:opacity-60";
const toneClasses = { default: "text-foreground", danger: "text-danger" } as const;
type Tone = keyof typeof toneClasses;

export function MenuLink({ tone = "default", className, ...props }: ComponentProps<typeof Link> & { tone?: Tone }) {
  return <Link data-menu-item className={cn(itemClasses, toneClasses[tone], className)} {...props} />;
}

/** A menu item that runs something: a submit button (of its own form, or one named by `form`) or a button with onClick. */
export function MenuButton({ tone = "default", className, type = "button", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return <button data-menu-item type={type} className={cn(itemClasses, toneClasses[tone], className)} {...props} />;
}
