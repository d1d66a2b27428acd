import type { Metadata } from "next";
import { RoleRefusal } from "@/components/dashboard/role-refusal";
import { StatusCard } from "@/components/system/status-card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { readSystemStatus, type SystemStatus } from "@/lib/observability/system-status";

export const metadata: Metadata = { title: "System" };

// Every request reads the system afresh.
export const dynamic = "force-dynamic";

export default async function SystemPage() {
  const { membership } = await requireActingMember("/system");
  if (membership.role !== "OWNER") {
    return <RoleRefusal title="System" allowed="owners" description="It shows how this Keyward installation is doing: its database, Redis and versions." />;
  }
  const status = await readSystemStatus();
  const { database, redis, usageBuffer, verificationCache, versions, jobs } = status;
  const jobsFailed = (jobs.queues ?? []).reduce((sum, queue) => sum + queue.failed, 0);
  // Writes have failed and usage is still waiting: the recorder is retrying them.
  const usageRetrying = Boolean(usageBuffer && usageBuffer.failedWrites > 0 && usageBuffer.bufferedRollups > 0);
  const count = (value: number | undefined) => (value === undefined ? "—" : value.toLocaleString("en"));

  return (
    <section className="flex flex-col gap-6">
      <PageHeader title="System" description="This server process, as of this page load. Prometheus gets the same figures from /api/metrics." />
      <div className="grid gap-4 md:grid-cols-2">
        <StatusCard
          title="Database"
          state={status.health.database}
          tone={status.health.database === "up" ? "success" : "danger"}
          rows={[
            ["PostgreSQL", database.version ?? "—"],
            ["Connections", database.pool ? `${database.pool.open} open (${database.pool.idle} idle) of ${database.pool.max}` : "—"],
            ["Waiting now", count(database.pool?.waiting)],
            ["Waits since start", count(database.pool?.waits)],
          ]}
        />
        <StatusCard
          title="Redis"
          state={redis.configured ? redis.state : "not configured"}
          tone={!redis.configured ? "neutral" : redis.state === "up" ? "success" : "warning"}
          rows={[
            ["Version", redis.configured ? (redis.version ?? "—") : "—"],
            ["Rate limits counted in", status.rateLimitBackend === "redis" ? "Redis (shared by every instance)" : "this instance's memory"],
            ["Time on the fallback", redis.configured ? `${Math.round(redis.fallbackSeconds)} s` : "—"],
          ]}
        />
        <StatusCard
          title="Key change notifications (LISTEN)"
          state={LISTENER_LABELS[status.listener]}
          tone={status.listener === "listening" ? "success" : status.listener === "not started" || status.listener === "connecting" ? "neutral" : "warning"}
          rows={[
            ["Verification cache", verificationCache ? `${count(verificationCache.entries)} entries` : "—"],
            ["Hits / misses", verificationCache ? `${count(verificationCache.hits)} / ${count(verificationCache.misses)}` : "—"],
          ]}
        />
        <StatusCard
          title="Usage buffer"
          state={!usageBuffer ? "not started" : usageRetrying ? "retrying" : "writing"}
          tone={!usageBuffer ? "neutral" : usageBuffer.droppedRequests > 0 ? "danger" : usageRetrying ? "warning" : "success"}
          rows={[
            ["Roll-ups waiting", count(usageBuffer?.bufferedRollups)],
            ["Failed writes since start", count(usageBuffer?.failedWrites)],
            ["Requests dropped (buffer full)", count(usageBuffer?.droppedRequests)],
          ]}
        />
        <StatusCard
          title="Job queue"
          state={!jobs.queues ? "unreadable" : jobsFailed > 0 ? `${count(jobsFailed)} failed` : jobs.working ? "working" : "not worked here"}
          tone={!jobs.queues || jobsFailed > 0 ? "warning" : jobs.working ? "success" : "neutral"}
          rows={[
            ["This instance", jobs.working ? "works the queue" : "only queues jobs (KEYWARD_JOBS=off): another instance must work it"],
            ...(jobs.queues ?? []).map(({ queue, waiting, retrying, active, failed }): [string, string] => [
              queue,
              `${count(waiting)} waiting · ${count(retrying)} retrying · ${count(active)} active · ${count(failed)} failed`,
            ]),
          ]}
        />
        <StatusCard
          title="Versions"
          state={`Keyward ${versions.keyward}`}
          tone="info"
          rows={[
            ["Keyward", versions.keyward],
            ["Node.js", versions.node],
            ["Next.js", versions.next],
            ["PostgreSQL", database.version ?? "—"],
            ["Redis", redis.configured ? (redis.version ?? "—") : "not configured"],
          ]}
        />
      </div>
    </section>
  );
}

const LISTENER_LABELS: Record<SystemStatus["listener"], string> = {
  listening: "listening",
  connecting: "connecting",
  down: "down: every key is checked in the database",
  "not-receiving": "hears nothing (behind a transaction pooler? set DATABASE_DIRECT_URL): every key is checked in the database",
  "not started": "not started",
};
