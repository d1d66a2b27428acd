import path from "node:path";
import { launcherEnv } from "./env";

/**
 * Where Keyward keeps local state (embedded PostgreSQL, generated development
 * secrets). Git-ignored. Every entry point runs from the project root, so the
 * working directory is the anchor; KEYWARD_STATE_DIR moves it elsewhere.
 */
export function stateDir(): string {
  return launcherEnv().KEYWARD_STATE_DIR;
}

export function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}
