// Where the process's services object lives: on globalThis, so that `next dev`
// (which re-evaluates modules on every change) keeps one of each, and so that
// Keyward's HTTP server, which runs outside Next's bundle and must not load the
// app's server-only modules itself, can stop them after draining
// (lib/server/keyward-server.ts). No imports, on purpose.

export type Stoppable = { stop(): Promise<void> };

const holder = globalThis as unknown as { keywardServices?: Stoppable };

export function heldServices<T extends Stoppable>(create: () => T): T {
  return (holder.keywardServices ??= create()) as T;
}

/** Stops the services if any were created (never creates them). */
export async function stopHeldServices(): Promise<void> {
  await holder.keywardServices?.stop();
}
