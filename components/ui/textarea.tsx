import type { TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";

export function Textarea({ className, rows = 3, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea rows={rows} className={cn(controlClasses, "w-full resize-y", className)} {...props} />;
}
