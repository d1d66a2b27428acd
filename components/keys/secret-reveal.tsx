"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { clientSnippets, KEY_VARIABLE } from "@/lib/docs/client-snippets";

export type Revealed = { id: string; name: string; hint: string; environment: "LIVE" | "TEST"; secret: string };

/** The .env line with the secret, then the same call in every language, reading it from there (lib/docs/client-snippets.ts). */
function snippets(origin: string, secret: string) {
  return [{ label: ".env", code: `${KEY_VARIABLE}=${secret}` }, ...clientSnippets(origin)];
}

/**
 * The one screen that shows a key's secret. The secret exists only in this
 * component's memory: reloading, leaving, or coming back from the browser's
 * history shows nothing, and the server never has it again.
 */
export function SecretReveal({ revealed, title, note }: { revealed: Revealed; title: string; note?: string }) {
  const [secret, setSecret] = useState<string | null>(revealed.secret);
  const [origin, setOrigin] = useState("");
  useEffect(() => {
    setOrigin(window.location.origin);
    // A page restored from the back/forward cache must not show the secret again.
    const forget = () => setSecret(null);
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, []);

  return (
    <section aria-labelledby="reveal-title" className="flex min-w-0 flex-col gap-5">
      <header>
        <h1 id="reveal-title" className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        <p className="text-sm text-muted-foreground">
          {revealed.name} · <span className="font-mono">{revealed.hint}</span> · {revealed.environment === "LIVE" ? "live" : "test"}
        </p>
      </header>
      {secret ? (
        <>
          <Alert tone="attention">
            <strong>Copy this key now. It will not be shown again.</strong> Keyward keeps only a hash of it. If you lose it, rotate the key.
          </Alert>
          <Card>
            <CardContent>
              <label htmlFor="secret" className="text-sm font-medium">
                Your new API key
              </label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Input id="secret" readOnly value={secret} onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 bg-surface-muted font-mono" />
                <CopyButton text={secret} label="Copy key" className="px-4 py-2 text-sm" />
              </div>
            </CardContent>
          </Card>
          {note && <p className="text-sm">{note}</p>}
          <div className="flex min-w-0 flex-col gap-3">
            <h2 className="text-base font-semibold">Try it</h2>
            {snippets(origin, secret).map((snippet) => (
              <CodeBlock key={snippet.label} title={snippet.label} code={snippet.code} />
            ))}
          </div>
        </>
      ) : (
        <Alert tone="info">This key&apos;s secret is no longer shown. If you did not save it, rotate the key to get a new one.</Alert>
      )}
      <div>
        <ButtonLink href={`/keys/${revealed.id}`} onClick={() => setSecret(null)}>
          I have saved it — view the key
        </ButtonLink>
      </div>
    </section>
  );
}
