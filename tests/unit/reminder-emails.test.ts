// The reminder emails' text and HTML (lib/email/templates.ts) and the digest's
// week (ISO 8601). A key's name is the user's own text: in the HTML copy it is
// text, never markup, so a name cannot inject links or images into an email.
import { describe, expect, test } from "vitest";

// Before the configuration is first read: links start with NEXTAUTH_URL.
process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused";
process.env.NEXTAUTH_URL = "https://keys.example.test";
const { expiryReminderEmail, reviewDigestEmail } = await import("@/lib/email/templates");
const { isoWeek } = await import("@/lib/notices/send-review-digests");
const { serverEnv } = await import("@/lib/env");

const hostile = { id: "0193a1b2-0000-7000-8000-000000000001", name: `<img src=x onerror="alert(1)"> & "co"`, hint: "kw_live_Ab12…9xYz" };

describe("reminder emails", () => {
  test("an expiry reminder: subject, hint, expiry and the key's link, as text and HTML", () => {
    const mail = expiryReminderEmail({ to: "o@example.test", organizationName: "Acme", key: { ...hostile, name: "billing" }, expiresAt: new Date("2026-12-14T09:30:00Z"), window: "7d" });
    expect(mail.subject).toBe('Your API key "billing" expires within 7 days');
    expect(mail.text).toContain("billing (kw_live_Ab12…9xYz) in Acme expires at 2026-12-14 09:30 UTC");
    expect(mail.text).toContain(`https://keys.example.test/keys/${hostile.id}`);
    expect(mail.html).toContain(`<a href="https://keys.example.test/keys/${hostile.id}">`);
  });

  test("a key name full of markup is escaped in the HTML copy", () => {
    const reminder = expiryReminderEmail({ to: "o@example.test", organizationName: "<b>Acme</b>", key: hostile, expiresAt: new Date(), window: "1d" });
    const digest = reviewDigestEmail({ to: "a@example.test", organizationName: "Acme", week: "2026-W50", sections: [{ label: "Full access", count: 1, keys: [hostile] }] });
    for (const html of [reminder.html, digest.html]) {
      expect(html).not.toContain("<img");
      expect(html).not.toContain("<b>");
      expect(html).toContain("&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#34;co&#34;");
    }
  });

  test("the digest lists each flagged section, counts what it does not name, and says when there is nothing", () => {
    const keys = Array.from({ length: 10 }, (_, n) => ({ ...hostile, name: `key-${n}` }));
    const digest = reviewDigestEmail({
      to: "a@example.test",
      organizationName: "Acme",
      week: "2026-W50",
      sections: [
        { label: "Never used", count: 12, keys },
        { label: "Full access", count: 0, keys: [] },
      ],
    });
    expect(digest.subject).toBe("Key review for Acme: 2026-W50");
    expect(digest.text).toContain("Never used: 12");
    expect(digest.text).toContain("  - key-9 (kw_live_Ab12…9xYz)\n  - and 2 more");
    expect(digest.text).not.toContain("Full access");
    expect(digest.text).toContain("https://keys.example.test/review");
    expect(reviewDigestEmail({ to: "a@example.test", organizationName: "Acme", week: "2026-W50", sections: [] }).text).toContain("Nothing to review this week.");
  });
});

describe("isoWeek", () => {
  test.each([
    ["2026-12-07T08:00:00Z", "2026-W50"], // a Monday
    ["2026-12-13T23:59:59Z", "2026-W50"], // its Sunday
    ["2027-01-01T08:00:00Z", "2026-W53"], // a Friday: the week of 31 December
    ["2024-12-30T00:00:00Z", "2025-W01"], // a Monday whose Thursday is in 2025
    ["2021-01-03T12:00:00Z", "2020-W53"],
  ])("%s is %s", (at, week) => {
    expect(isoWeek(new Date(at))).toBe(week);
  });
});

describe("the email settings", () => {
  const base = { DATABASE_URL: "postgresql://u@127.0.0.1/db", AUTH_SECRET: "a".repeat(40), KEY_PEPPER: "p".repeat(40) };

  test("SMTP_URL is smtp:// or smtps://, or unset; the digest's cron has five fields", () => {
    expect(serverEnv(base).SMTP_URL).toBeUndefined();
    expect(serverEnv({ ...base, SMTP_URL: " " }).SMTP_URL).toBeUndefined();
    expect(serverEnv({ ...base, SMTP_URL: "smtps://u:p%40ss@smtp.example.com:465" }).SMTP_URL).toBe("smtps://u:p%40ss@smtp.example.com:465");
    expect(() => serverEnv({ ...base, SMTP_URL: "https://smtp.example.com" })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(serverEnv(base).KEYWARD_DIGEST_CRON).toBe("0 8 * * 1");
    expect(() => serverEnv({ ...base, KEYWARD_DIGEST_CRON: "every monday" })).toThrow(/five-field cron/);
    expect(() => serverEnv({ ...base, KEYWARD_CREDITS_LOW_PERCENT: "150" })).toThrow(/KEYWARD_CREDITS_LOW_PERCENT must be a whole number from 0 to 100/);
  });
});
