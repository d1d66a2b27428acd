// Imported by instrumentation.ts in the Node.js runtime only.
import { serverEnv } from "../env";

export function exitOnIncompleteServerEnv() {
  try {
    serverEnv();
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
