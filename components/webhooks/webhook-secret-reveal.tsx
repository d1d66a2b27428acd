"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import type { RevealedWebhookSecret } from "@/app/(dashboard)/webhooks/actions";

const VERIFY_SNIPPET = `import { Webhook } from "standardwebhooks";

// KEYWARD_WEBHOOK_SECRET=whsec_...
const webhook = new Webhook(process.env.KEYWARD_WEBHOOK_SECRET);
// body: the raw request body, as received; headers: webhook-id, -timestamp, -signature.
const event = webhook.verify(body, headers); // throws if the signature is wrong or stale`;

/**
 * The one screen that shows an endpoint's signing secret, as keys' secrets
 * are shown (components/keys/secret-reveal.tsx): it lives only in this
 * component's memory; leaving, reloading or the back/forward cache forget it.
 */
export function WebhookSecretReveal({ revealed, title, note }: { revealed: RevealedWebhookSecret; title: string; note?: string }) {
  const [secret, setSecret] = useState<string | null>(revealed.secret);
  useEffect(() => {
    const forget = () => setSecret(null);
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, []);
  return (
    <section aria-labelledby="webhook-secret-title" className="flex min-w-0 flex-col gap-5">
      <header>
        <h1 id="webhook-secret-title" className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        <p className="text-sm break-all text-muted-foreground">{revealed.url}</p>
      </header>
      {secret ? (
        <>
          <Alert tone="attention">
            <strong>Copy this signing secret now. It will not be shown again.</strong> Your receiver needs it to verify that requests come from Keyward.
          </Alert>
          <Card>
            <CardContent>
              <label htmlFor="webhook-secret" className="text-sm font-medium">
                Signing secret
              </label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Input id="webhook-secret" readOnly value={secret} onFocus={(event) => event.currentTarget.select()} className="min-w-0 flex-1 bg-surface-muted font-mono" />
                <CopyButton text={secret} label="Copy secret" className="px-4 py-2 text-sm" />
              </div>
            </CardContent>
          </Card>
          {note && <p className="text-sm">{note}</p>}
          <CodeBlock title="Verify in Node.js" code={VERIFY_SNIPPET} />
        </>
      ) : (
        <Alert tone="info">This secret is no longer shown. If you did not save it, rotate the endpoint&apos;s secret.</Alert>
      )}
      <div>
        <ButtonLink href={`/webhooks/${revealed.endpointId}`} onClick={() => setSecret(null)}>
          I have saved it — view the endpoint
        </ButtonLink>
      </div>
    </section>
  );
}
