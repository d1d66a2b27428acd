import "server-only";
import { serverEnv } from "@/lib/env";
import { passwordPool } from "./password-pool";

// Passwords only. API keys are high-entropy and use HMAC-SHA256 (lib/api-keys).
// Hashing runs in worker threads (password-pool.ts), never on the event loop.
// The cost is KEYWARD_BCRYPT_COST (12 unless set; at least 10 outside tests).
// bcrypt writes the cost into each hash, so hashes made at another cost still
// verify, each at its own cost.

export function hashPassword(password: string): Promise<string> {
  return passwordPool().run<string>({ op: "hash", password, cost: serverEnv().KEYWARD_BCRYPT_COST });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return passwordPool().run<boolean>({ op: "compare", password, hash });
}

// Compared against when the email is unknown, so that a wrong email costs as
// much time as a wrong password and response times don't reveal who has an
// account. The salt and digest of a random string nobody kept, behind the
// configured cost: bcrypt takes the cost from the hash, so the check costs what
// checking a new account's password costs, and no process spends time hashing
// it at start.
const UNKNOWN_USER_SALT_AND_DIGEST = "92hFmG/ONOD6Z3fuJmGG8e7mnQM9AYLCDBBVTCZkkP0MVOXJ3rWJi";

export function unknownUserHash(cost = serverEnv().KEYWARD_BCRYPT_COST): string {
  return `$2b$${String(cost).padStart(2, "0")}$${UNKNOWN_USER_SALT_AND_DIGEST}`;
}

export async function burnPasswordCheck(password: string): Promise<false> {
  await verifyPassword(password, unknownUserHash());
  return false;
}
