// The key in its own header, X-API-Key, with fetch.
const headers = { "X-API-Key": process.env.KEYWARD_API_KEY, "Content-Type": "application/json" };

const response = await fetch(`${process.env.KEYWARD_BASE_URL}/api/v1/me`, { headers });
if (!response.ok) throw new Error(`HTTP ${response.status}`);
const me = await response.json();
console.log("OK X-API-Key /me", me.name, response.headers.get("X-RateLimit-Remaining"));

const created = await fetch(`${process.env.KEYWARD_BASE_URL}/api/v1/resources`, {
  method: "POST",
  headers,
  body: JSON.stringify({ name: "Header", type: "compute" }),
});
if (created.status !== 201) throw new Error(`HTTP ${created.status}`);
console.log("OK X-API-Key create", (await created.json()).id);
