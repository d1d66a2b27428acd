// Where the process's services object lives: on globalThis, so that `next dev`
// (which re-evaluates modules on every change) keeps one of each, and so that
// Keyward's HTTP server, which runs outside Next's bundle and must not load the
// app's server-only modules itself, can stop them after draining
// (lib/server/keyward-server.ts). No imports, on purpose.
//
// The server's traffic counts live here too, for the same reason in reverse:
// the server counts, and the app's metrics (GET /api/metrics) read them.

export type Stoppable = { stop(): Promise<void> };

/** What Keyward's HTTP server counts: requests being answered, and /api/v1 requests it answered itself, before the app. */
export type Traffic = {
  inFlight: number;
  apiInFlight: number;
  draining: boolean;
  idle: (() => void)[];
  shed: { overloaded: number; method_not_allowed: number };
};

const holder = globalThis as unknown as { keywardServices?: Stoppable; keywardTraffic?: Traffic };

export function heldTraffic(): Traffic {
  return (holder.keywardTraffic ??= { inFlight: 0, apiInFlight: 0, draining: false, idle: [], shed: { overloaded: 0, method_not_allowed: 0 } });
}

export function heldServices<T extends Stoppable>(create: () => T): T {
  return (holder.keywardServices ??= create()) as T;
}

/** Stops the services if any were created (never creates them). */
export async function stopHeldServices(): Promise<void> {
  await holder.keywardServices?.stop();
}
