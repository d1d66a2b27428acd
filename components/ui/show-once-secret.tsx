"use client";

import { useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";

export type ShowOnceSecretProps = {
  /** The secret, from the action that just made it. */
  secret: string;
  /** Used for the element ids (several kinds of secret never share a page, but ids must not clash either). */
  id: string;
  title: string;
  /** Under the title: what the secret belongs to. */
  subtitle: ReactNode;
  /** Why it must be copied now. */
  warning: ReactNode;
  label: string;
  copyLabel: string;
  note?: string;
  /** Shown instead once the secret is forgotten. */
  gone: ReactNode;
  /** Where "I have saved it" leads. */
  done: { href: string; label: string };
  /** What to show beneath the secret while it is shown (snippets that use it). */
  children?: (secret: string) => ReactNode;
};

/**
 * The one way Keyward shows a secret it will never show again (an API key, a
 * webhook signing secret). The secret exists only in this component's memory:
 * reloading, leaving, or coming back from the browser's history (the
 * back/forward cache fires pagehide) shows nothing, and the server never has it
 * again.
 */
export function ShowOnceSecret({ secret: initial, id, title, subtitle, warning, label, copyLabel, note, gone, done, children }: ShowOnceSecretProps) {
  const [secret, setSecret] = useState<string | null>(initial);
  useEffect(() => {
    const forget = () => setSecret(null);
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, []);

  return (
    <section aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-5">
      <header>
        <h1 id={`${id}-title`} className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        <p className="text-sm wrap-anywhere text-muted-foreground">{subtitle}</p>
      </header>
      {secret ? (
        <>
          <Alert tone="attention">{warning}</Alert>
          <Card>
            <CardContent>
              <label htmlFor={id} className="text-sm font-medium">
                {label}
              </label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Input id={id} readOnly value={secret} onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 bg-surface-muted font-mono" />
                <CopyButton text={secret} label={copyLabel} className="px-4 py-2 text-sm" />
              </div>
            </CardContent>
          </Card>
          {note && <p className="text-sm">{note}</p>}
          {children?.(secret)}
        </>
      ) : (
        <Alert tone="info">{gone}</Alert>
      )}
      <div>
        <ButtonLink href={done.href} onClick={() => setSecret(null)}>
          {done.label}
        </ButtonLink>
      </div>
    </section>
  );
}
