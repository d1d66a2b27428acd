// A small reusable client, as API docs show it: one request() that sends the
// key as a Bearer token and parses every answer as JSON, and get/post/put/delete.
class ApiClient {
  constructor(baseUrl, apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  async request(method, path, body) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.apiKey}`,
        "Content-Type": "application/json",
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json();
    if (!response.ok) {
      const error = new Error(data.message || data.error || `HTTP ${response.status}`);
      error.status = response.status;
      error.data = data;
      error.retryAfter = response.headers.get("Retry-After");
      throw error;
    }
    return data;
  }

  get(path) {
    return this.request("GET", path);
  }

  post(path, body) {
    return this.request("POST", path, body);
  }

  put(path, body) {
    return this.request("PUT", path, body);
  }

  delete(path) {
    return this.request("DELETE", path);
  }
}

const client = new ApiClient(process.env.KEYWARD_BASE_URL, process.env.KEYWARD_API_KEY);

// Check the key before writing with it.
const me = await client.get("/api/v1/me");
if (!me.scopes.includes("resources:write")) throw new Error("this key cannot write");
console.log("OK /me before writing:", me.name);

const created = await client.post("/api/v1/resources", { name: "Compat", type: "compute", config: { cpu: 1 } });
console.log("OK created", created.id);

// PUT with only the fields a client edits.
const updated = await client.put(`/api/v1/resources/${created.id}`, { name: "Compat renamed", config: { cpu: 2 } });
if (updated.name !== "Compat renamed" || updated.config.cpu !== 2) throw new Error(`PUT did not apply: ${JSON.stringify(updated)}`);
console.log("OK PUT name and config");

const fetched = await client.get(`/api/v1/resources/${created.id}`);
console.log("OK GET", fetched.type);

// DELETE goes through the same response.json() as everything else.
const deleted = await client.delete(`/api/v1/resources/${created.id}`);
if (deleted.deleted !== true) throw new Error(`DELETE answered ${JSON.stringify(deleted)}`);
console.log("OK DELETE answered JSON");

// Error handling by status, as docs show it.
async function expectStatus(promise, status) {
  try {
    await promise;
  } catch (error) {
    if (error.status !== status) throw new Error(`expected ${status}, got ${error.status}: ${JSON.stringify(error.data)}`);
    return error;
  }
  throw new Error(`expected ${status}, got a success`);
}

const invalid = await expectStatus(client.post("/api/v1/resources", { name: "" }), 400);
// A 400 handler that lists errors as { field, message }.
for (const { field, message } of invalid.data.errors) console.log(`OK 400 lists ${field}: ${message}`);

await expectStatus(new ApiClient(process.env.KEYWARD_BASE_URL, "kw_test_not_a_real_key").get("/api/v1/me"), 401);
console.log("OK 401 for a bad key");
await expectStatus(client.get("/api/v1/resources/00000000-0000-7000-8000-000000000000"), 404);
console.log("OK 404 for a missing resource");
await expectStatus(new ApiClient(process.env.KEYWARD_BASE_URL, process.env.KEYWARD_READ_ONLY_KEY).post("/api/v1/resources", { name: "x", type: "y" }), 403);
console.log("OK 403 for a read-only key");

// 429: retry after what Retry-After says.
const limited = new ApiClient(process.env.KEYWARD_BASE_URL, process.env.KEYWARD_LIMITED_KEY);
let tooMany;
for (let i = 0; i < 5 && !tooMany; i++) {
  try {
    await limited.get("/api/v1/me");
  } catch (error) {
    if (error.status !== 429) throw error;
    tooMany = error;
  }
}
if (!tooMany || !(Number(tooMany.retryAfter) > 0)) throw new Error("no 429 with Retry-After");
console.log("OK 429 with Retry-After", tooMany.retryAfter);
