// Listens for key changes made by any app process (invalidate-keys.ts) and
// evicts them from this process's verification cache. Uses its own `pg`
// connection, because LISTEN needs one session that stays open, which a pooled
// Prisma client cannot promise.
import pg from "pg";
import { logger } from "@/lib/logging/logger";
import { KEY_CHANGE_CHANNEL } from "./invalidate-keys";

type Target = { invalidate(hash: string): void; setEnabled(enabled: boolean): void };

const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];

export class KeyChangeListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Resolves when the first LISTEN succeeded (or failed): callers need not wait for it. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly connectionString: string,
    private readonly target: Target,
    private readonly log: (line: string) => void = (line) => logger().warn(line),
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  start() {
    void this.connect();
    return this;
  }

  private async connect() {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "keyward-key-listener" });
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel === KEY_CHANGE_CHANNEL && message.payload) this.target.invalidate(message.payload);
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
      if (this.client !== client) return;
      if (this.attempt > 0) this.log("[keyward] Key change notifications are back; the verification cache is on again.");
      this.attempt = 0;
      // Enabling also empties the cache: whatever happened while we were deaf is forgotten.
      this.target.setEnabled(true);
    } catch {
      this.lost(client);
    } finally {
      this.markReady();
    }
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.target.setEnabled(false);
    client.end().catch(() => {});
    if (this.stopped) return;
    if (this.attempt === 0) this.log("[keyward] Lost key change notifications; verifying every key against the database until they are back.");
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.target.setEnabled(false);
    await client?.end().catch(() => {});
  }
}
