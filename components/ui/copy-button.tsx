"use client";

import { useState } from "react";
import { cn } from "./cn";
import { useHydrated } from "./use-hydrated";

/**
 * Copies `text` to the clipboard. A progressive enhancement: the server
 * renders nothing, and the button appears once JavaScript runs in a browser
 * that has the Clipboard API (so it never sits there dead). Says "Copied"
 * for a moment, to screen readers as well.
 */
export function CopyButton({ text, label = "Copy", className }: { text: string; label?: string; className?: string }) {
  const canCopy = useHydrated() && Boolean(navigator.clipboard);
  const [copied, setCopied] = useState(false);
  if (!canCopy) return null;
  async function copy() {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button
      type="button"
      onClick={copy}
      // The name stays put ("Copy key") while the text says "Copied", announced by the live region.
      aria-label={label}
      className={cn("rounded-md border border-border bg-surface px-2 py-1 text-xs font-medium text-muted-foreground hover:text-foreground", className)}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}
