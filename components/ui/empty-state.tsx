import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a list shows when it has nothing in it: what would be here, and the way to the first one. */
export function EmptyState({ title, description, action, icon, className }: { title: string; description?: ReactNode; action?: ReactNode; icon?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-2 rounded-xl border border-dashed border-border bg-surface px-6 py-10 text-center", className)}>
      {icon && (
        <div aria-hidden="true" className="mb-1 text-muted-foreground">
          {icon}
        </div>
      )}
      <h2 className="text-base font-semibold text-foreground">{title}</h2>
      {description && <div className="max-w-prose text-sm text-muted-foreground">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
