import { cva, type VariantProps } from "class-variance-authority";
import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export const badgeVariants = cva("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", {
  variants: {
    tone: {
      neutral: "bg-surface-muted text-muted-foreground ring-border",
      brand: "bg-brand-subtle text-brand ring-brand/25",
      success: "bg-success-subtle text-success ring-success/25",
      warning: "bg-warning-subtle text-warning ring-warning/25",
      danger: "bg-danger-subtle text-danger ring-danger/25",
      info: "bg-info-subtle text-info ring-info/25",
    },
  },
  defaultVariants: { tone: "neutral" },
});

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export function Badge({ tone, className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
