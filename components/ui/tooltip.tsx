import { useId, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A short description shown on hover and on keyboard focus, without
 * JavaScript. The trigger is wrapped in a focusable span that the tooltip
 * describes (aria-describedby), so give it non-interactive content (an icon,
 * a truncated value); a button should say what it does in its own label.
 */
export function Tooltip({ content, children, side = "top", className }: { content: ReactNode; children: ReactNode; side?: "top" | "bottom"; className?: string }) {
  const id = useId();
  return (
    <span className={cn("group/tooltip relative inline-flex", className)}>
      <span tabIndex={0} aria-describedby={id} className="inline-flex rounded-sm">
        {children}
      </span>
      <span
        role="tooltip"
        id={id}
        className={cn(
          "pointer-events-none invisible absolute left-1/2 z-40 w-max max-w-64 -translate-x-1/2 rounded-md bg-foreground px-2 py-1 text-xs font-normal text-surface opacity-0 shadow-md transition-opacity",
          "group-focus-within/tooltip:visible group-focus-within/tooltip:opacity-100 group-hover/tooltip:visible group-hover/tooltip:opacity-100",
          side === "top" ? "bottom-full mb-1.5" : "top-full mt-1.5",
        )}
      >
        {content}
      </span>
    </span>
  );
}
