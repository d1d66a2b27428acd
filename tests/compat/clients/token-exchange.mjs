// A backend exchanges its API key for a short-lived token acting for one user,
// then calls the API with the token (RFC 8693-style).
const base = process.env.KEYWARD_BASE_URL;

const exchange = await fetch(`${base}/api/v1/auth/token-exchange`, {
  method: "POST",
  headers: { "X-API-Key": process.env.KEYWARD_API_KEY, "Content-Type": "application/json" },
  body: JSON.stringify({ userId: process.env.KEYWARD_USER_EMAIL }),
});
if (!exchange.ok) throw new Error(`exchange: HTTP ${exchange.status} ${await exchange.text()}`);
const { token, tokenType, expiresIn } = await exchange.json();
console.log("OK exchanged", tokenType, expiresIn);

const me = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `${tokenType} ${token}` } });
const body = await me.json();
if (!me.ok || !body.user) throw new Error(`with the token: ${me.status} ${JSON.stringify(body)}`);
console.log("OK /me with the token acts for", body.user.id);
