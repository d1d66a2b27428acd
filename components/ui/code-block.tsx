import { highlight, type LanguageName } from "sugar-high";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

/**
 * Code, highlighted on the server by sugar-high (which escapes the code: its
 * output is safe to inject), with a copy button once JavaScript runs. Long
 * lines scroll sideways inside the block instead of widening the page.
 */
export function CodeBlock({ code, lang, title, className }: { code: string; lang?: LanguageName; title?: string; className?: string }) {
  return (
    <figure className={cn("w-full min-w-0 overflow-hidden rounded-lg border border-border bg-surface-muted contain-inline-size", className)}>
      <div className="flex min-h-9 items-center justify-between gap-2 border-b border-border px-3 py-1.5">
        <figcaption className="truncate text-xs font-medium text-muted-foreground">{title ?? lang ?? "Code"}</figcaption>
        <CopyButton text={code} label={title ? `Copy ${title}` : "Copy"} />
      </div>
      {/* tabIndex: a scrollable region must be reachable by keyboard to be scrolled. */}
      <pre tabIndex={0} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed">
        <code dangerouslySetInnerHTML={{ __html: highlight(code, { lang }) }} />
      </pre>
    </figure>
  );
}
