import "server-only";
import bcrypt from "bcryptjs";

// Passwords only. API keys are high-entropy and use HMAC-SHA256 (lib/keys).
const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so that a wrong email costs as
// much time as a wrong password and response times don't reveal who has an account.
const UNKNOWN_USER_HASH = bcrypt.hashSync("keyward-timing-equaliser", BCRYPT_COST);

export async function burnPasswordCheck(password: string): Promise<false> {
  await bcrypt.compare(password, UNKNOWN_USER_HASH);
  return false;
}
