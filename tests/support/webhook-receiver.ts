// A real webhook receiver for tests: node:http on a free port, verifying each
// request with the `standardwebhooks` package as a customer's receiver would.
// It can answer with any status, hold its answers (a receiver that is slow, or
// that waits while the app is stopped), or be down (closed) and come back on
// the same port.
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { freePort } from "./free-port";

export type ReceivedWebhook = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  headers: http.IncomingHttpHeaders;
  /** Which of the receiver's secrets verified it (by index), empty when none did. */
  verifiedWith: number[];
  at: number;
};

export type Receiver = {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Secrets to verify with (a rotation adds the new one). */
  secrets: string[];
  /** What to answer: a status, or a function of the request's number (0-based). */
  answer: number | ((n: number) => number);
  /** While set, requests wait until release() (they are recorded on arrival). */
  hold: boolean;
  release(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  /** The requests that verified with some secret, one per distinct webhook-id. */
  ids(): string[];
};

export async function startReceiver(options: { secrets?: string[]; answer?: number; path?: string } = {}): Promise<Receiver> {
  const port = await freePort();
  let waiting: (() => void)[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}${options.path ?? "/hooks"}`,
    port,
    received: [],
    secrets: options.secrets ?? [],
    answer: options.answer ?? 204,
    hold: false,
    release() {
      receiver.hold = false;
      const pending = waiting;
      waiting = [];
      for (const resume of pending) resume();
    },
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    async up() {
      await listen();
    },
    async close() {
      receiver.release();
      if (server.listening) await receiver.down();
    },
    ids() {
      return [...new Set(receiver.received.filter((r) => r.verifiedWith.length).map((r) => r.id))];
    },
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers = {
      "webhook-id": String(req.headers["webhook-id"] ?? ""),
      "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
      "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
    };
    const verifiedWith = receiver.secrets.flatMap((secret, index) => {
      try {
        new Webhook(secret).verify(body, headers);
        return [index];
      } catch {
        return [];
      }
    });
    const n = receiver.received.length;
    receiver.received.push({
      id: headers["webhook-id"],
      timestamp: headers["webhook-timestamp"],
      signature: headers["webhook-signature"],
      body,
      payload: safeJson(body),
      headers: req.headers,
      verifiedWith,
      at: Date.now(),
    });
    if (receiver.hold) await new Promise<void>((resume) => waiting.push(resume));
    const status = typeof receiver.answer === "function" ? receiver.answer(n) : receiver.answer;
    res.writeHead(verifiedWith.length || !receiver.secrets.length ? status : 401, { "content-type": "text/plain" });
    res.end(verifiedWith.length || !receiver.secrets.length ? `answered ${status}` : "bad signature");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const listen = () => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  await listen();
  return receiver;
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return { type: "", timestamp: "", data: {} };
  }
}
