// Issue 14, reminders by email: the expiry sweep and the weekly digest on
// real PostgreSQL, the job queue, and a real SMTP server (smtp-server) that
// parses what arrives. Owners hear once per reminder however many sweeps run
// at once; revoked and rotated keys stay quiet; the digest reaches owners and
// admins, not members; no email carries a secret; an SMTP server that is down
// delays mail and loses none.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeApiKey, rotateApiKey } from "@/lib/api-keys/change-api-key";
import { ALL_SCOPES } from "@/lib/api-keys/scopes";
import { getPrisma } from "@/lib/db/prisma";
import { closeMailTransport } from "@/lib/email/transport";
import { queueEmail } from "@/lib/email/queue-email";
import { JobQueue } from "@/lib/jobs/job-queue";
import { QUEUES } from "@/lib/jobs/queues";
import { jobHandlers } from "@/lib/jobs/workers";
import { sendReviewDigests, isoWeek } from "@/lib/notices/send-review-digests";
import { sweepExpiryNotices } from "@/lib/notices/sweep-expiry-notices";
import { stopServices } from "@/lib/runtime/services";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/test-database";

const sink = await SmtpSink.start();
// Before anything reads the configuration.
process.env.SMTP_URL = sink.url;
process.env.NEXTAUTH_URL = "https://keys.example.test";
const db = await useTestDatabase();

const worker = new JobQueue({ connectionString: db.url, worker: true });
afterAll(async () => {
  await worker.stop(2_000);
  closeMailTransport();
  await stopServices();
  await sink.stop();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const secrets: string[] = [];

/** Jobs ever queued on a queue (done ones included), as their data. */
async function jobsOf(queue: string): Promise<Record<string, any>[]> {
  const rows = await getPrisma().$queryRawUnsafe<{ data: Record<string, any> }[]>(
    `SELECT data FROM pgboss.job WHERE name = $1 UNION ALL SELECT data FROM pgboss.archive WHERE name = $1`,
    queue,
  );
  return rows.map((row) => row.data);
}
// The sweep's own events: creating, rotating and revoking the keys below emit theirs too (lib/webhooks).
const SWEEP_EVENTS = new Set(["key.expiring", "key.expired"]);
const eventsAbout = async (keyId: string) => (await jobsOf("events")).filter((event) => SWEEP_EVENTS.has(event.type) && event.data?.key?.id === keyId);

async function expiringKey(actor: Parameters<typeof issueKey>[0], expiresInMs: number, name: string) {
  const issued = await issueKey(actor, { name, expiresAt: new Date(Date.now() + Math.max(expiresInMs, HOUR)) });
  secrets.push(issued.secret);
  // Keys cannot be created already expired or about to: set the expiry as time would have.
  await getPrisma().apiKey.update({ where: { id: issued.apiKey.id }, data: { expiresAt: new Date(Date.now() + expiresInMs) } });
  return issued.apiKey;
}

beforeAll(async () => {
  await worker.ready();
  await worker.startWorkers({ "email.send": jobHandlers()["email.send"] });
});

describe("expiry reminders", () => {
  test("owners get one email for 7 days and one for 1 day, however many sweeps race; revoked, rotated and long-expired keys stay quiet", async () => {
    const { actor, organization, user: owner } = await createOrganizationActor("Expiry");
    const member = await addMember(organization.id, "MEMBER");
    const memberActor = userActor(member, organization.id, "MEMBER");

    const inFiveDays = await expiringKey(actor, 5 * DAY, "five-days");
    const inTwelveHours = await expiringKey(memberActor, 12 * HOUR, "twelve-hours");
    const revoked = await expiringKey(actor, 3 * DAY, "revoked");
    await revokeApiKey(actor, revoked.id);
    const rotatedAway = await expiringKey(actor, 20 * DAY, "rotated");
    const rotation = await rotateApiKey(actor, rotatedAway.id, "24h"); // the old key now expires within a day
    secrets.push(rotation.secret);
    const justExpired = await expiringKey(actor, -2 * HOUR, "just-expired");
    const longExpired = await expiringKey(actor, -3 * DAY, "long-expired");
    const farOff = await expiringKey(actor, 30 * DAY, "far-off");

    // Four sweeps at once, as four instances (or a retried job) would run them.
    const now = new Date();
    const results = await Promise.all([1, 2, 3, 4].map(() => sweepExpiryNotices(now)));
    const total = (field: "expiring7d" | "expiring1d" | "expired") => results.reduce((sum, result) => sum + result[field], 0);
    expect({ expiring7d: total("expiring7d"), expiring1d: total("expiring1d"), expired: total("expired") }).toEqual({ expiring7d: 1, expiring1d: 1, expired: 1 });

    // Exactly one event per notice, with hints and never a secret.
    expect((await eventsAbout(inFiveDays.id)).map((event) => [event.type, event.data.window])).toEqual([["key.expiring", "7d"]]);
    expect((await eventsAbout(inTwelveHours.id)).map((event) => [event.type, event.data.window])).toEqual([["key.expiring", "1d"]]);
    expect((await eventsAbout(justExpired.id)).map((event) => event.type)).toEqual(["key.expired"]);
    for (const quiet of [revoked, rotatedAway, longExpired, farOff, rotation.apiKey]) expect(await eventsAbout(quiet.id), quiet.name).toEqual([]);
    expect((await eventsAbout(inFiveDays.id))[0]).toMatchObject({ organizationId: organization.id, data: { key: { name: "five-days", hint: inFiveDays.hint } } });

    // One email each, to the key's owner, with a link to the key.
    await expect.poll(() => sink.to(owner.email).length + sink.to(member.email).length, { timeout: 30_000, interval: 200 }).toBe(2);
    const [toOwner] = sink.to(owner.email);
    const [toMember] = sink.to(member.email);
    expect(toOwner!.subject).toBe('Your API key "five-days" expires within 7 days');
    expect(toOwner!.text).toContain(inFiveDays.hint);
    expect(toOwner!.text).toContain(`https://keys.example.test/keys/${inFiveDays.id}`);
    expect(toOwner!.html).toContain(`href="https://keys.example.test/keys/${inFiveDays.id}"`);
    expect(toOwner!.login).toBe("keyward"); // SMTP_URL's credentials were used
    expect(toMember!.subject).toBe('Your API key "twelve-hours" expires within a day');
    expect((await jobsOf("email.send")).filter((mail) => [owner.email, member.email].includes(mail.to))).toHaveLength(2);

    // Days later, the 7-day key is a day from expiry: its second (and last) reminder.
    const later = new Date(now.getTime() + 4.5 * DAY);
    const [first, second] = await Promise.all([sweepExpiryNotices(later), sweepExpiryNotices(later)]);
    expect(first!.expiring1d + second!.expiring1d).toBeGreaterThanOrEqual(1);
    expect((await eventsAbout(inFiveDays.id)).map((event) => event.data.window ?? event.type).sort()).toEqual(["1d", "7d"]);
    await expect.poll(() => sink.to(owner.email).length, { timeout: 30_000, interval: 200 }).toBe(2);
    expect(sink.to(owner.email)[1]!.subject).toBe('Your API key "five-days" expires within a day');
  });
});

describe("the weekly review digest", () => {
  test("reaches owners and admins once per week, not members, with what review flags; an organization with nothing to flag gets nothing", async () => {
    const { actor, organization, user: owner } = await createOrganizationActor("Digest");
    const admin = await addMember(organization.id, "ADMIN");
    const member = await addMember(organization.id, "MEMBER");
    const forever = await issueKey(actor, { name: "never-expires", expiresAt: null, scopes: ALL_SCOPES });
    secrets.push(forever.secret);

    const quiet = await createOrganizationActor("Quiet");
    const tidy = await issueKey(quiet.actor, { name: "tidy", scopes: ["resources:read"] });
    secrets.push(tidy.secret);
    await getPrisma().apiKey.update({ where: { id: tidy.apiKey.id }, data: { lastUsedAt: new Date() } });

    const now = new Date(Date.now() + 2 * DAY); // past the grace for new keys: "never used" applies
    await Promise.all([sendReviewDigests(now), sendReviewDigests(now)]);
    await sendReviewDigests(new Date(now.getTime() + HOUR)); // the same week: nothing more

    await expect.poll(() => sink.to(owner.email).length + sink.to(admin.email).length, { timeout: 30_000, interval: 200 }).toBe(2);
    const digests = (await jobsOf("email.send")).filter((mail) => String(mail.subject).startsWith("Key review for Digest"));
    expect(digests.map((mail) => mail.to).sort()).toEqual([owner.email, admin.email].sort());
    expect(sink.to(member.email)).toEqual([]);
    expect((await jobsOf("email.send")).filter((mail) => mail.to === quiet.user.email)).toEqual([]);

    const [digest] = sink.to(admin.email);
    expect(digest!.subject).toBe(`Key review for ${organization.name}: ${isoWeek(now)}`);
    for (const line of ["Never used: 1", "Never expires: 1", "Full access: 1", `never-expires (${forever.apiKey.hint})`, "https://keys.example.test/review"]) {
      expect(digest!.text).toContain(line);
    }
    expect(digest!.text).not.toContain("Unused for 90 days");
  });
});

describe("SMTP failures", () => {
  test("an SMTP server that is down delays mail and loses none: delivered once it is back", async () => {
    // Retry every second here, rather than the production backoff from 30 s.
    await worker.pgBoss.updateQueue("email.send", { name: "email.send", ...QUEUES["email.send"].options, retryDelay: 1, retryBackoff: false });
    await sink.stop();
    const to = "down-then-back@example.test";
    await queueEmail({ to, subject: "Queued while down", text: "hello", html: "<p>hello</p>" });
    // The worker tried and failed: the job waits for a retry.
    await expect
      .poll(async () => {
        const rows = await getPrisma().$queryRawUnsafe<{ retry_count: number }[]>(`SELECT retry_count FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1`, to);
        return rows[0]?.retry_count ?? 0;
      }, { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(1);
    expect(sink.to(to)).toEqual([]);
    await sink.listen();
    await expect.poll(() => sink.to(to).length, { timeout: 30_000, interval: 200 }).toBe(1);
  }, 90_000);
});

describe("what an email never carries", () => {
  test("no email sent in this file contains any key's secret", () => {
    expect(sink.received.length).toBeGreaterThanOrEqual(5);
    for (const mail of sink.received) {
      for (const secret of secrets) {
        expect(mail.text).not.toContain(secret);
        expect(mail.html).not.toContain(secret);
      }
    }
  });
});
