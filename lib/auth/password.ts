import "server-only";
import { passwordPool } from "./password-pool";

// Passwords only. API keys are high-entropy and use HMAC-SHA256 (lib/api-keys).
// Hashing runs in worker threads (password-pool.ts), never on the event loop.
const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return passwordPool().run<string>({ op: "hash", password, cost: BCRYPT_COST });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return passwordPool().run<boolean>({ op: "compare", password, hash });
}

// Compared against when the email is unknown, so that a wrong email costs as
// much time as a wrong password and response times don't reveal who has an
// account. A constant (the hash of a random string nobody kept), so that no
// process spends a quarter-second hashing it at start.
const UNKNOWN_USER_HASH = "$2b$12$92hFmG/ONOD6Z3fuJmGG8e7mnQM9AYLCDBBVTCZkkP0MVOXJ3rWJi";

export async function burnPasswordCheck(password: string): Promise<false> {
  await verifyPassword(password, UNKNOWN_USER_HASH);
  return false;
}
