// What GET /api/metrics exposes, in Prometheus' text format (prom-client).
//
// One Registry per process, owned by its services (lib/runtime/services.ts),
// not prom-client's global one: `next dev` re-evaluates modules, and a global
// registry would refuse the second registration of every metric.
//
// Only requests are counted as they happen, and cheaply (the label set's
// children are kept, so a request costs two map look-ups and two additions).
// Everything else is read when Prometheus scrapes: the cache's size, the
// buffer's depth, the pool's counts. Reads never create a service: a scrape of
// a process that has not used Redis yet reports no Redis, rather than
// connecting to it.
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { PoolStats } from "@/lib/db/prisma";
import type { QueueDepth } from "@/lib/jobs/queue-depth";
import type { RedisState } from "@/lib/redis/client";
import { statusClass } from "@/lib/usage/usage-buffer";

/** What the metrics read at scrape time; each undefined while its service has not been created. */
export type MetricSources = {
  verificationCache(): { hits: number; misses: number; size: number; serving: boolean } | undefined;
  usageRecorder(): { bufferedRollups: number; failedWrites: number; droppedRequests: number } | undefined;
  /** null: no REDIS_URL (limits are in memory by design). */
  redis(): { state: RedisState; usable: boolean; fallbackSeconds: number } | null | undefined;
  pool(): PoolStats | undefined;
  /** Keyward's HTTP server's counts (zero when the app runs without it, as in tests). */
  traffic(): { apiInFlight: number; shed: { overloaded: number; method_not_allowed: number } };
  /** The job queue's jobs by queue and state (a query: read only when scraped). */
  jobQueue(): Promise<QueueDepth[]> | undefined;
};

export type ThrottledAttempt = "sign_in" | "sign_up";

type Sample = { value: number; labels?: Record<string, string> };

/**
 * A metric whose samples are read at scrape time. prom-client's Gauge can do
 * that with collect(), but its Counter cannot be set to a total kept
 * elsewhere; the registry accepts any object of this shape.
 */
function readAtScrape(registry: Registry, type: "counter" | "gauge", name: string, help: string, read: () => Sample[] | Promise<Sample[]>) {
  registry.registerMetric({
    name,
    help,
    type,
    // A figure that cannot be read now (its query failed: the database is down) is left out, not the whole scrape.
    get: async () => ({ name, help, type, aggregator: "sum", values: await Promise.resolve(read()).catch((): Sample[] => []) }),
  } as unknown as Counter);
}

const one = (value: number | undefined): Sample[] => (value === undefined ? [] : [{ value }]);

/** Seconds, from 1 ms to 10 s: an /api/v1 request answered from the cache takes about a millisecond. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type RequestChildren = { count: { inc(): void }; duration: { observe(seconds: number): void } };

export class KeywardMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"route" | "method" | "status_class">;
  private readonly requestDuration: Histogram<"route" | "method" | "status_class">;
  private readonly requestChildren = new Map<string, RequestChildren>();
  private readonly usageWrites: Histogram;
  private readonly throttled: Counter<"kind">;
  private readonly webhookAttempts: Counter<"outcome">;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    const labelNames = ["route", "method", "status_class"] as const;
    this.requests = new Counter({ name: "keyward_http_requests_total", help: "/api/v1 requests answered, by route pattern, method and status class.", labelNames, registers });
    this.requestDuration = new Histogram({
      name: "keyward_http_request_duration_seconds",
      help: "Time to answer an /api/v1 request, by route pattern, method and status class.",
      labelNames,
      buckets: REQUEST_BUCKETS,
      registers,
    });

    readAtScrape(this.registry, "gauge", "keyward_http_requests_in_flight", "/api/v1 requests being answered now (KEYWARD_MAX_IN_FLIGHT caps them).", () => [{ value: sources.traffic().apiInFlight }]);
    readAtScrape(this.registry, "counter", "keyward_http_requests_shed_total", "/api/v1 requests the server answered itself, before the app: overloaded (503, past KEYWARD_MAX_IN_FLIGHT) or method_not_allowed (405, a method Next cannot route).", () =>
      Object.entries(sources.traffic().shed).map(([reason, value]) => ({ value, labels: { reason } })),
    );

    readAtScrape(this.registry, "counter", "keyward_verification_cache_hits_total", "Key look-ups answered by the verification cache.", () => one(sources.verificationCache()?.hits));
    readAtScrape(this.registry, "counter", "keyward_verification_cache_misses_total", "Key look-ups the verification cache could not answer (they went to the database).", () => one(sources.verificationCache()?.misses));
    readAtScrape(this.registry, "gauge", "keyward_verification_cache_entries", "Keys (and unknown hashes) held in the verification cache.", () => one(sources.verificationCache()?.size));
    readAtScrape(this.registry, "gauge", "keyward_key_change_listener_up", "1 while the LISTEN connection for key changes is connected (the cache serves only then), else 0.", () => {
      const cache = sources.verificationCache();
      return cache ? [{ value: cache.serving ? 1 : 0 }] : [];
    });

    readAtScrape(this.registry, "gauge", "keyward_usage_buffer_rollups", "Usage roll-ups waiting in memory to be written.", () => one(sources.usageRecorder()?.bufferedRollups));
    this.usageWrites = new Histogram({
      name: "keyward_usage_flush_duration_seconds",
      help: "Time each write of buffered usage to the database took, failed ones included.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    readAtScrape(this.registry, "counter", "keyward_usage_flush_failures_total", "Writes of buffered usage that failed (the usage is kept and retried).", () => one(sources.usageRecorder()?.failedWrites));
    readAtScrape(this.registry, "counter", "keyward_usage_dropped_requests_total", "Requests left out of the usage figures because the usage buffer was full.", () => one(sources.usageRecorder()?.droppedRequests));

    readAtScrape(this.registry, "gauge", "keyward_rate_limit_backend", "Where rate limits are counted now: 1 for the backend in use (redis, or memory: by design without REDIS_URL, as a fallback with it).", () => {
      const redis = sources.redis();
      if (redis === undefined) return [];
      const onRedis = redis !== null && redis.usable;
      return [
        { value: onRedis ? 1 : 0, labels: { backend: "redis" } },
        { value: onRedis ? 0 : 1, labels: { backend: "memory" } },
      ];
    });
    readAtScrape(this.registry, "counter", "keyward_rate_limit_fallback_seconds_total", "Time spent on the in-memory fallback because Redis was down or not answering.", () => {
      const redis = sources.redis();
      return redis ? [{ value: redis.fallbackSeconds }] : [];
    });
    readAtScrape(this.registry, "gauge", "keyward_redis_state", "Redis as /api/health reports it: 1 for the current state (up, degraded or down).", () => {
      const redis = sources.redis();
      return redis ? (["up", "degraded", "down"] as const).map((state) => ({ value: redis.state === state ? 1 : 0, labels: { state } })) : [];
    });

    readAtScrape(this.registry, "gauge", "keyward_db_pool_connections", "Open database connections in this process's pool.", () => one(sources.pool()?.open));
    readAtScrape(this.registry, "gauge", "keyward_db_pool_idle_connections", "Open database connections not in use.", () => one(sources.pool()?.idle));
    readAtScrape(this.registry, "gauge", "keyward_db_pool_max_connections", "The pool's size (DATABASE_POOL_SIZE).", () => one(sources.pool()?.max));
    readAtScrape(this.registry, "gauge", "keyward_db_pool_waiting_requests", "Queries waiting for a connection right now.", () => one(sources.pool()?.waiting));
    readAtScrape(this.registry, "counter", "keyward_db_pool_waits_total", "Connection check-outs that had to wait because every connection was busy.", () => one(sources.pool()?.waits));

    this.throttled = new Counter({
      name: "keyward_sign_in_throttled_total",
      help: "Sign-in (and password change) and sign-up attempts refused by the throttle.",
      labelNames: ["kind"],
      registers,
    });
    readAtScrape(this.registry, "gauge", "keyward_jobs", "Jobs in the durable queue (webhook deliveries, emails, sweeps) by queue and state: waiting, retrying, active, failed (kept until archived).", async () =>
      ((await sources.jobQueue()) ?? []).flatMap(({ queue, ...states }) => Object.entries(states).map(([state, value]) => ({ value, labels: { queue, state } }))),
    );
    this.webhookAttempts = new Counter({
      name: "keyward_webhook_attempts_total",
      help: "Webhook delivery attempts this instance made, by outcome: delivered, retrying (failed, another attempt queued), failed (the schedule used up).",
      labelNames: ["outcome"],
      registers,
    });
  }

  /** One /api/v1 request. `route` must be the route's pattern, never the URL: each distinct value is a time series. */
  observeApiRequest(method: string, route: string, status: number, seconds: number) {
    const id = `${method} ${status} ${route}`;
    let children = this.requestChildren.get(id);
    if (!children) {
      const labels = { route, method, status_class: statusClass(status) };
      children = { count: this.requests.labels(labels), duration: this.requestDuration.labels(labels) };
      this.requestChildren.set(id, children);
    }
    children.count.inc();
    children.duration.observe(seconds);
  }

  observeUsageWrite(seconds: number) {
    this.usageWrites.observe(seconds);
  }

  countThrottled(kind: ThrottledAttempt) {
    this.throttled.inc({ kind });
  }

  countWebhookAttempt(outcome: "delivered" | "retrying" | "failed") {
    this.webhookAttempts.inc({ outcome });
  }

  /** The text Prometheus scrapes. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
