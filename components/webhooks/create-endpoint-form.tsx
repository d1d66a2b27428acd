"use client";

import { useActionState } from "react";
import { createWebhookEndpointAction } from "@/app/(dashboard)/webhooks/actions";
import { Checkbox } from "@/components/ui/checkbox";
import { FormMessage } from "@/components/ui/form-message";
import { FieldMessages } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { IDLE, sentValue, sentValues } from "@/lib/dashboard/form-state";
import { WebhookSecretReveal } from "./webhook-secret-reveal";

export type EventChoice = { type: string; description: string };

/** "Add an endpoint", then its secret's show-once screen. Works the same before JavaScript loads. */
export function CreateEndpointForm({ events, urlHint }: { events: EventChoice[]; urlHint: string }) {
  const [state, action] = useActionState(createWebhookEndpointAction, IDLE);
  if (state.status === "success") return <WebhookSecretReveal revealed={state.data} title="Your endpoint is ready" />;
  const errors = state.fieldErrors;
  const chosen = sentValues(state, "eventTypes");
  const allEvents = state.status === "idle" || sentValues(state, "allEvents").length > 0;
  return (
    <form action={action} noValidate className="flex max-w-2xl flex-col gap-5 rounded-xl border border-border bg-surface p-5" aria-labelledby="add-endpoint-title">
      <h2 id="add-endpoint-title" className="text-lg font-semibold">
        Add an endpoint
      </h2>
      <FormMessage state={state} />
      <TextField label="URL" name="url" type="url" required placeholder="https://example.com/webhooks/keyward" defaultValue={sentValue(state, "url")} errors={errors.url} hint={urlHint} />
      <TextField label="Description" name="description" defaultValue={sentValue(state, "description")} errors={errors.description} hint="Optional: what receives these events." />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <Checkbox name="allEvents" value="true" label="All events" hint="Including event types added in later versions." defaultChecked={allEvents} />
        <div className="grid gap-2 sm:grid-cols-2">
          {events.map((event) => (
            <Checkbox key={event.type} name="eventTypes" value={event.type} label={<span className="font-mono">{event.type}</span>} hint={event.description} defaultChecked={chosen.includes(event.type)} />
          ))}
        </div>
        <FieldMessages id="eventTypes" errors={errors.eventTypes} />
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
      </div>
    </form>
  );
}
