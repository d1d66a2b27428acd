"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
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
    <section aria-labelledby="reveal-title" className="flex flex-col gap-5">
      <header>
        <h1 id="reveal-title" className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        <p className="text-sm text-zinc-600">
          {revealed.name} · <span className="font-mono">{revealed.hint}</span> · {revealed.environment === "LIVE" ? "live" : "test"}
        </p>
      </header>
      {secret ? (
        <>
          <Alert tone="attention">
            <strong>Copy this key now. It will not be shown again.</strong> Keyward keeps only a hash of it. If you lose it, rotate the key.
          </Alert>
          <div className="flex flex-col gap-2 rounded-xl border border-zinc-200 bg-white p-4">
            <label htmlFor="secret" className="text-sm font-medium">
              Your new API key
            </label>
            <div className="flex flex-col gap-2 sm:flex-row">
              <input
                id="secret"
                readOnly
                value={secret}
                onFocus={(event) => event.currentTarget.select()}
                className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm"
              />
              <CopyButton text={secret} label="Copy key" />
            </div>
          </div>
          {note && <p className="text-sm text-zinc-700">{note}</p>}
          <div className="flex flex-col gap-3">
            <h2 className="text-base font-semibold">Try it</h2>
            {snippets(origin, secret).map((snippet) => (
              <figure key={snippet.label} className="overflow-hidden rounded-xl border border-zinc-200 bg-white">
                <figcaption className="flex items-center justify-between border-b border-zinc-200 px-3 py-1.5 text-xs font-medium text-zinc-600">
                  {snippet.label}
                  <CopyButton text={snippet.code} label={`Copy ${snippet.label} snippet`} compact />
                </figcaption>
                <pre className="overflow-x-auto p-3 text-xs leading-relaxed">
                  <code>{snippet.code}</code>
                </pre>
              </figure>
            ))}
          </div>
        </>
      ) : (
        <Alert tone="info">This key&apos;s secret is no longer shown. If you did not save it, rotate the key to get a new one.</Alert>
      )}
      <div>
        <Link href={`/keys/${revealed.id}`} className={buttonClasses("primary")} onClick={() => setSecret(null)}>
          I have saved it — view the key
        </Link>
      </div>
    </section>
  );
}

function CopyButton({ text, label, compact = false }: { text: string; label: string; compact?: boolean }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  }
  return (
    <button type="button" onClick={copy} aria-label={label} className={compact ? "rounded px-2 py-0.5 text-brand-700 hover:bg-brand-50" : buttonClasses("secondary")}>
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : compact ? "Copy" : "Copy key"}</span>
    </button>
  );
}
