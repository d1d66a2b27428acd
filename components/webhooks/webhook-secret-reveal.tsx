"use client";

import { CodeBlock } from "@/components/ui/code-block";
import { ShowOnceSecret } from "@/components/ui/show-once-secret";
import type { RevealedWebhookSecret } from "@/app/(dashboard)/webhooks/actions";

const VERIFY_SNIPPET = `import { Webhook } from "standardwebhooks";

// KEYWARD_WEBHOOK_SECRET=whsec_...
const webhook = new Webhook(process.env.KEYWARD_WEBHOOK_SECRET);
// body: the raw request body, as received; headers: webhook-id, -timestamp, -signature.
const event = webhook.verify(body, headers); // throws if the signature is wrong or stale`;

/** The one screen that shows an endpoint's signing secret, shown once as keys' secrets are (components/ui/show-once-secret.tsx). */
export function WebhookSecretReveal({ revealed, title, note }: { revealed: RevealedWebhookSecret; title: string; note?: string }) {
  return (
    <ShowOnceSecret
      secret={revealed.secret}
      id="webhook-secret"
      title={title}
      subtitle={revealed.url}
      warning={
        <>
          <strong>Copy this signing secret now. It will not be shown again.</strong> Your receiver needs it to verify that requests come from Keyward.
        </>
      }
      label="Signing secret"
      copyLabel="Copy secret"
      note={note}
      gone={<>This secret is no longer shown. If you did not save it, rotate the endpoint&apos;s secret.</>}
      done={{ href: `/webhooks/${revealed.endpointId}`, label: "I have saved it — view the endpoint" }}
    >
      {() => <CodeBlock title="Verify in Node.js" code={VERIFY_SNIPPET} />}
    </ShowOnceSecret>
  );
}
