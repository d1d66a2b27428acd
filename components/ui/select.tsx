import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";

/**
 * A native <select>, styled. It never cuts its options short: "full" fills its
 * container (the default, as in a form column), and "fit" is as wide as its
 * longest option, up to the container's width.
 */
export function Select({ width = "full", className, ...props }: ComponentProps<"select"> & { width?: "full" | "fit" }) {
  return <select className={cn(controlClasses, width === "full" ? "w-full" : "w-auto max-w-full", className)} {...props} />;
}
