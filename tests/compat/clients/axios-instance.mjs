// An axios instance with the key as a default header, and an interceptor that
// turns API errors into messages, as API docs show it.
import axios from "axios";

const api = axios.create({
  baseURL: process.env.KEYWARD_BASE_URL,
  headers: { Authorization: `Bearer ${process.env.KEYWARD_API_KEY}` },
  timeout: 10_000,
});

api.interceptors.response.use(
  (response) => response,
  (error) => {
    if (error.response) {
      const { status, data } = error.response;
      const details = Array.isArray(data.errors) ? data.errors.map((e) => `${e.field}: ${e.message}`).join("; ") : data.message;
      return Promise.reject(Object.assign(new Error(`${status} ${data.error} ${details ?? ""}`), { status }));
    }
    return Promise.reject(error);
  },
);

const { data: me } = await api.get("/api/v1/me");
console.log("OK /me", me.environment);

const { data: created, status } = await api.post("/api/v1/resources", { name: "Axios", type: "storage", config: { size: "1TB" } });
if (status !== 201) throw new Error(`create answered ${status}`);
console.log("OK created", created.id);

const { data: list } = await api.get("/api/v1/resources", { params: { limit: 100 } });
if (!list.data.some((r) => r.id === created.id)) throw new Error("not listed");
console.log("OK listed");

await api.put(`/api/v1/resources/${created.id}`, { name: "Axios renamed", config: {} });
const { data: gone } = await api.delete(`/api/v1/resources/${created.id}`);
console.log("OK deleted", gone.deleted);

try {
  await api.post("/api/v1/resources", { type: "no name" });
  throw new Error("expected a 400");
} catch (error) {
  if (error.status !== 400 || !/name/.test(error.message)) throw error;
  console.log("OK 400:", error.message);
}
