// What runs in front of next-auth's handler: a sign-in arriving while every
// password worker is busy and the queue is full is answered at once with 503
// and Retry-After, before next-auth reads the body or the database.
import { passwordPool } from "./password-pool";
import { SIGN_IN_ERRORS } from "./options";

const RETRY_AFTER_SECONDS = "2";

export async function handleAuthRequest(request: Request, next: () => Promise<Response>): Promise<Response> {
  if (request.method === "POST" && new URL(request.url).pathname.endsWith("/callback/credentials") && passwordPool().saturated) {
    // The shape next-auth's client reads ({ url } carrying the error), so the form says why.
    const url = new URL(`/sign-in?error=${SIGN_IN_ERRORS.busy}`, request.url).toString();
    return Response.json({ url }, { status: 503, headers: { "Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store" } });
  }
  return next();
}
