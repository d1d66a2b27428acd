"use client";

import { useActionState } from "react";
import {
  deleteWebhookEndpointAction,
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEndpointEnabledAction,
} from "@/app/(dashboard)/webhooks/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/dashboard/form-state";
import { WebhookSecretReveal } from "./webhook-secret-reveal";

type Endpoint = { id: string; url: string; enabled: boolean };

/**
 * The endpoint page's header actions around its server-rendered body: send a
 * test event, enable/disable, rotate the secret (then its show-once screen in
 * place of the page), delete.
 */
export function EndpointWorkspace({ endpoint, children }: { endpoint: Endpoint; children: React.ReactNode }) {
  const [rotation, rotate, rotating] = useActionState(rotateWebhookSecretAction, IDLE);
  const [test, sendTest] = useActionState(sendTestWebhookAction, IDLE);
  const [toggle, setEnabled] = useActionState(setWebhookEndpointEnabledAction, IDLE);
  const [removal, remove, removing] = useActionState(deleteWebhookEndpointAction, IDLE);
  if (rotation.status === "success") {
    return <WebhookSecretReveal revealed={rotation.data} title="Your new signing secret" note="Requests carry a signature with the old secret too for 24 hours, so your receiver can switch over without missing one." />;
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap gap-2">
        {endpoint.enabled && (
          <form action={sendTest}>
            <input type="hidden" name="id" value={endpoint.id} />
            <SubmitButton variant="secondary" pendingLabel="Sending…">
              Send test event
            </SubmitButton>
          </form>
        )}
        <form action={setEnabled}>
          <input type="hidden" name="id" value={endpoint.id} />
          <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            {endpoint.enabled ? "Disable" : "Enable"}
          </SubmitButton>
        </form>
        <ConfirmDialog id="rotate-secret" trigger="Rotate secret" title="Rotate the signing secret?" confirm={rotating ? "Rotating…" : "Rotate"} action={rotate} state={rotation} pending={rotating}>
          <input type="hidden" name="id" value={endpoint.id} />
          <p>You get a new secret, shown once. For 24 hours every request is signed with both, so deploy the new one to your receiver within that time.</p>
        </ConfirmDialog>
        <ConfirmDialog id="delete-endpoint" trigger="Delete" title="Delete this endpoint?" confirm={removing ? "Deleting…" : "Delete endpoint"} danger action={remove} state={removal} pending={removing}>
          <input type="hidden" name="id" value={endpoint.id} />
          <p className="break-all">Keyward stops sending events to {endpoint.url}, and its delivery log is deleted. The audit log keeps the record.</p>
        </ConfirmDialog>
      </div>
      <FormMessage state={test} />
      <FormMessage state={toggle} />
      {children}
    </div>
  );
}

/** One delivery's "Redeliver": a new attempt now, with the retry schedule started afresh. */
export function RedeliverButton({ endpointId, deliveryId, label }: { endpointId: string; deliveryId: string; label: string }) {
  const [state, action] = useActionState(redeliverWebhookAction, IDLE);
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <SubmitButton variant="secondary" size="sm" pendingLabel="Queuing…" aria-label={label}>
        Redeliver
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
