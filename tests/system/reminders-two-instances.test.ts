// Issue 14 on built servers: two app instances sharing one PostgreSQL and one
// SMTP_URL (a real SMTP server in the test). Both register the cron schedules;
// sweep and digest jobs worked by both at once still send one email per
// notice.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { isoWeek } from "@/lib/notices/send-review-digests";
import { services, stopServices } from "@/lib/runtime/services";
import { startAppServer, type AppServer } from "../support/app-server";
import { addMember, createOrganizationActor, issueKey } from "../support/factories";
import { SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/test-database";

const DAY = 24 * 3_600_000;

describe("reminders with two app instances", () => {
  let sink: SmtpSink;
  let servers: AppServer[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    const db = await useTestDatabase();
    servers = await Promise.all([1, 2].map(() => startAppServer({ databaseUrl: db.url, env: { SMTP_URL: sink.url, NEXTAUTH_URL: "https://keys.example.test" } })));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await stopServices();
    await sink.stop();
  });

  test("both instances set the schedules, and sweeps and digests worked by both send each email once", async () => {
    await expect
      .poll(async () => (await getPrisma().$queryRawUnsafe<{ name: string; cron: string }[]>(`SELECT name, cron FROM pgboss.schedule ORDER BY name`)), { timeout: 60_000, interval: 500 })
      .toEqual([
        { name: "notices.digest", cron: "0 8 * * 1" },
        { name: "notices.sweep", cron: "*/5 * * * *" },
      ]);

    const { actor, organization, user: owner } = await createOrganizationActor("Fleet reminders");
    const admin = await addMember(organization.id, "ADMIN");
    const member = await addMember(organization.id, "MEMBER");
    const expiring = await issueKey(actor, { name: "fleet-expiring", expiresAt: new Date(Date.now() + 3 * DAY) });
    const forever = await issueKey(actor, { name: "fleet-forever", expiresAt: null }); // flagged "Never expires" in the digest

    // What the cron sends, several times over (ticks racing, retries): each instance takes some.
    const sent = await Promise.all([
      ...Array.from({ length: 6 }, () => services().jobs.send("notices.sweep", {})),
      ...Array.from({ length: 6 }, () => services().jobs.send("notices.digest", {})),
    ]);

    // The reminder to the owner; the digest to owner and admin.
    await expect.poll(() => sink.to(owner.email).length, { timeout: 120_000, interval: 500 }).toBe(2);
    await expect.poll(() => sink.to(admin.email).length, { timeout: 120_000, interval: 500 }).toBe(1);
    // Every job sent is done, and every email job too: nothing more is coming.
    const states = (ids: string[]) => getPrisma().$queryRawUnsafe<{ state: string }[]>(`SELECT state FROM pgboss.job WHERE id = ANY($1::uuid[])`, ids);
    // The budget is the queues' polling (above) on a busy machine, not a bound on anything.
    await expect.poll(async () => (await states(sent as string[])).map((row) => row.state), { timeout: 180_000, interval: 1_000 }).toEqual(sent.map(() => "completed"));
    const pendingMail = () => getPrisma().$queryRawUnsafe<{ state: string }[]>(`SELECT state FROM pgboss.job WHERE name = 'email.send' AND state <> 'completed'`);
    await expect.poll(pendingMail, { timeout: 60_000, interval: 500 }).toEqual([]);
    expect(sink.to(owner.email)).toHaveLength(2);
    expect(sink.to(admin.email)).toHaveLength(1);
    expect(sink.to(owner.email).map((mail) => mail.subject).sort()).toEqual([`Key review for ${organization.name}: ${isoWeek(new Date())}`, 'Your API key "fleet-expiring" expires within 7 days']);
    expect(sink.to(member.email)).toEqual([]);
    expect(sink.to(admin.email)[0]!.text).toContain(`fleet-forever (${forever.apiKey.hint})`);
    for (const mail of sink.received) for (const secret of [expiring.secret, forever.secret]) expect(mail.text + mail.html).not.toContain(secret);
  }, 420_000);
});
