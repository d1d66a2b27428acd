"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then
 * true. For controls that differ once JavaScript runs: a select that saves on
 * change shows its "Save" button until then, so a choice made before the
 * scripts load (or without them) is never lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
