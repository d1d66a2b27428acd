"use client";

import { useEffect, useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { ShowOnceSecret } from "@/components/ui/show-once-secret";
import { clientSnippets, KEY_VARIABLE } from "@/lib/docs/client-snippets";

export type Revealed = { id: string; name: string; hint: string; environment: "LIVE" | "TEST"; secret: string };

/** The .env line with the secret, then the same call in every language, reading it from there (lib/docs/client-snippets.ts). */
function snippets(origin: string, secret: string) {
  return [{ label: ".env", code: `${KEY_VARIABLE}=${secret}` }, ...clientSnippets(origin)];
}

/** The one screen that shows a key's secret (shown once: components/ui/show-once-secret.tsx). */
export function SecretReveal({ revealed, title, note }: { revealed: Revealed; title: string; note?: string }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <ShowOnceSecret
      secret={revealed.secret}
      id="secret"
      title={title}
      subtitle={
        <>
          {revealed.name} · <span className="font-mono">{revealed.hint}</span> · {revealed.environment === "LIVE" ? "live" : "test"}
        </>
      }
      warning={
        <>
          <strong>Copy this key now. It will not be shown again.</strong> Keyward keeps only a hash of it. If you lose it, rotate the key.
        </>
      }
      label="Your new API key"
      copyLabel="Copy key"
      note={note}
      gone={<>This key&apos;s secret is no longer shown. If you did not save it, rotate the key to get a new one.</>}
      done={{ href: `/keys/${revealed.id}`, label: "I have saved it — view the key" }}
    >
      {(secret) => (
        <div className="flex min-w-0 flex-col gap-3">
          <h2 className="text-base font-semibold">Try it</h2>
          {snippets(origin, secret).map((snippet) => (
            <CodeBlock key={snippet.label} title={snippet.label} code={snippet.code} />
          ))}
        </div>
      )}
    </ShowOnceSecret>
  );
}
