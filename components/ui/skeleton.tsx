import type { HTMLAttributes } from "react";
import { cn } from "./cn";

/** A placeholder block while content loads (e.g. in loading.tsx); still for users who ask for reduced motion. */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-border motion-reduce:animate-none", className)} {...props} />;
}
