// Listens for key changes made by any app process (invalidate-keys.ts) and
// evicts them from this process's verification cache. Uses its own `pg`
// connection, because LISTEN needs one session that stays open, which a pooled
// Prisma client cannot promise; and DATABASE_DIRECT_URL when set, because a
// transaction pooler (PgBouncer's pool_mode=transaction) cannot promise it
// either: it hands the session back after each statement, so the LISTEN stays
// on a server connection this listener no longer reads.
//
// Such a LISTEN "succeeds" and then hears nothing, which would leave the cache
// serving revoked keys. So before trusting it, the listener sends itself a
// probe the way real changes travel (a NOTIFY through the app's pool) and turns
// the cache on only once that probe arrives.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { logger } from "@/lib/logging/logger";
import { KEY_CHANGE_CHANNEL } from "./invalidate-keys";

type Target = { invalidate(hash: string): void; setEnabled(enabled: boolean): void };

/** Sends a NOTIFY on KEY_CHANGE_CHANNEL with this payload, by the path invalidations take. */
export type SendProbe = (payload: string) => Promise<unknown>;

/**
 * listening: notifications arrive, the cache is on. not-receiving: connected,
 * but its own probe never arrived (a transaction pooler in between). The cache
 * is off in every state but listening.
 */
export type ListenerState = "connecting" | "listening" | "not-receiving" | "down";

const RETRY_MS = [250, 500, 1_000, 2_000, 5_000];
const PROBE_PREFIX = "probe:";
const PROBE_TIMEOUT_MS = 5_000;
// A deaf listener stays deaf until someone changes the configuration: check again, but rarely.
const NOT_RECEIVING_RETRY_MS = 60_000;

export class KeyChangeListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private awaitedProbe: { payload: string; arrived: () => void } | null = null;
  private currentState: ListenerState = "connecting";
  private warnedNotReceiving = false;
  /** Resolves when the first LISTEN succeeded (or failed): callers need not wait for it. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly connectionString: string,
    private readonly target: Target,
    private readonly log: (line: string) => void = (line) => logger().warn(line),
    /** Without one (tests of a second listener), LISTEN succeeding is trusted. */
    private readonly sendProbe?: SendProbe,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  get state(): ListenerState {
    return this.currentState;
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
      if (message.channel !== KEY_CHANGE_CHANNEL || !message.payload) return;
      if (message.payload.startsWith(PROBE_PREFIX)) {
        if (this.awaitedProbe?.payload === message.payload) this.awaitedProbe.arrived();
        return;
      }
      this.target.invalidate(message.payload);
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
      if (this.client !== client) return;
      const probe = await this.probe();
      if (probe === "failed") throw new Error("could not send the probe");
      if (probe === "silent") {
        if (this.client === client) this.notReceiving(client);
        return;
      }
      if (this.client !== client) return;
      if (this.attempt > 0 || this.warnedNotReceiving) this.log("[keyward] Key change notifications are back; the verification cache is on again.");
      this.attempt = 0;
      this.warnedNotReceiving = false;
      this.currentState = "listening";
      // Enabling also empties the cache: whatever happened while we were deaf is forgotten.
      this.target.setEnabled(true);
    } catch {
      this.lost(client);
    } finally {
      this.markReady();
    }
  }

  /** Whether a NOTIFY sent through the app's pool reaches this connection ("failed": it could not be sent). */
  private async probe(): Promise<"arrived" | "silent" | "failed"> {
    if (!this.sendProbe) return "arrived";
    const payload = `${PROBE_PREFIX}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<"arrived" | "silent">((resolve) => {
      this.awaitedProbe = { payload, arrived: () => resolve("arrived") };
      timer = setTimeout(() => resolve("silent"), PROBE_TIMEOUT_MS);
    });
    try {
      await this.sendProbe(payload);
      return await arrived;
    } catch {
      return "failed"; // the pool cannot reach the database: retried like a lost connection
    } finally {
      clearTimeout(timer);
      this.awaitedProbe = null;
    }
  }

  private notReceiving(client: pg.Client) {
    this.client = null;
    this.currentState = "not-receiving";
    this.target.setEnabled(false);
    client.end().catch(() => {});
    if (!this.warnedNotReceiving) {
      this.warnedNotReceiving = true;
      this.log(
        "[keyward] Key change notifications do not reach this instance: its LISTEN connection heard nothing of a NOTIFY sent through DATABASE_URL. " +
          "Behind a transaction pooler (PgBouncer with pool_mode=transaction), set DATABASE_DIRECT_URL to a direct connection. " +
          "Until then every key is verified against the database (correct, but slower).",
      );
    }
    this.schedule(NOT_RECEIVING_RETRY_MS);
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.currentState = "down";
    this.target.setEnabled(false);
    client.end().catch(() => {});
    if (this.stopped) return;
    if (this.attempt === 0) this.log("[keyward] Lost key change notifications; verifying every key against the database until they are back.");
    this.schedule(RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!);
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
    this.retryTimer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.currentState = "down";
    this.target.setEnabled(false);
    await client?.end().catch(() => {});
  }
}
