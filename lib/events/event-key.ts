// How every event names a key: its public identity, the environment written
// as the API writes it ("live" | "test", as /api/v1/me does). Never a secret.
// Events that know more about the key (webhooks' key.created) add to this.
export type EventKeySource = { id: string; name: string; hint: string; environment: "LIVE" | "TEST" };

export function eventKey(key: EventKeySource) {
  return { id: key.id, name: key.name, hint: key.hint, environment: key.environment === "LIVE" ? ("live" as const) : ("test" as const) };
}
