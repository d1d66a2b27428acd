// Signing in to a running server over HTTP, the way a browser does through
// next-auth (CSRF cookie and token, then the credentials callback).
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

/** POSTs credentials to next-auth; returns its response and the cookies sent with it. */
export async function postCredentials(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, ...headers },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  return { response, csrfCookie };
}

/** Signs in; returns the Cookie header a signed-in browser would send. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const { response, csrfCookie } = await postCredentials(baseUrl, email, password);
  const session = cookiesOf(response);
  if (!session.includes("next-auth.session-token=")) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return `${csrfCookie}; ${session}`;
}
