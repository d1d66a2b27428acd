import { cx, type CxOptions } from "class-variance-authority";
import { twMerge } from "tailwind-merge";

/** Joins class names, and lets a later Tailwind class win over an earlier one it conflicts with (`cn("px-4", "px-2")` is `"px-2"`). */
export function cn(...inputs: CxOptions): string {
  return twMerge(cx(inputs));
}
