// The emails Keyward writes: an expiry reminder to a key's owner, and the
// weekly review digest to owners and admins. Each is a few paragraphs, lists
// of keys (name and hint, never a secret) and links to the dashboard, written
// once as blocks and rendered twice, as plain text and as simple HTML.
import "server-only";
import { formatDateTime } from "@/lib/dashboard/format";
import { serverEnv } from "@/lib/env";
import type { EmailMessage } from "./email-message";

type Block = { paragraph: string } | { list: string[] } | { link: { label: string; path: string } };

/** An absolute dashboard link: NEXTAUTH_URL, else localhost (what `npm start` serves). */
export function dashboardUrl(path: string): string {
  return new URL(path, serverEnv().NEXTAUTH_URL ?? "http://localhost:3000").toString();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function renderEmail(to: string, subject: string, blocks: Block[]): EmailMessage {
  const text = blocks
    .map((block) =>
      "paragraph" in block ? block.paragraph : "list" in block ? block.list.map((item) => `  - ${item}`).join("\n") : `${block.link.label}: ${dashboardUrl(block.link.path)}`,
    )
    .join("\n\n");
  const html = blocks
    .map((block) =>
      "paragraph" in block
        ? `<p>${escapeHtml(block.paragraph)}</p>`
        : "list" in block
          ? `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`
          : `<p><a href="${escapeHtml(dashboardUrl(block.link.path))}">${escapeHtml(block.link.label)}</a></p>`,
    )
    .join("\n");
  return { to, subject, text: `${text}\n\n-- \nKeyward\n`, html: `<!doctype html><html><body style="font-family:sans-serif">${html}</body></html>` };
}

export type KeyLabel = { id: string; name: string; hint: string };
const keyLabel = (key: KeyLabel) => `${key.name} (${key.hint})`;

export function expiryReminderEmail(input: { to: string; organizationName: string; key: KeyLabel; expiresAt: Date; window: "7d" | "1d" }): EmailMessage {
  const when = input.window === "1d" ? "within a day" : "within 7 days";
  return renderEmail(input.to, `Your API key "${input.key.name}" expires ${when}`, [
    { paragraph: `Your API key ${keyLabel(input.key)} in ${input.organizationName} expires at ${formatDateTime(input.expiresAt)}.` },
    { paragraph: "Requests made with it will be refused from then on. Rotate it to get a successor with the same settings, and update whatever uses it." },
    { link: { label: "Open the key", path: `/keys/${input.key.id}` } },
  ]);
}

export type DigestSection = { label: string; count: number; keys: KeyLabel[] };

export function reviewDigestEmail(input: { to: string; organizationName: string; week: string; sections: DigestSection[] }): EmailMessage {
  const blocks: Block[] = [{ paragraph: `The weekly key review of ${input.organizationName} (${input.week}).` }];
  for (const section of input.sections) {
    if (!section.count) continue;
    blocks.push({ paragraph: `${section.label}: ${section.count}` });
    const more = section.count - section.keys.length;
    blocks.push({ list: [...section.keys.map(keyLabel), ...(more > 0 ? [`and ${more} more`] : [])] });
  }
  if (blocks.length === 1) blocks.push({ paragraph: "Nothing to review this week." });
  blocks.push({ link: { label: "Open the review", path: "/review" } });
  return renderEmail(input.to, `Key review for ${input.organizationName}: ${input.week}`, blocks);
}
