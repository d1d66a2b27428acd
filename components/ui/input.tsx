import type { InputHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(controlClasses, "w-full", className)} {...props} />;
}
