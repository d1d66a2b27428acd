// Sending an email is a job on its own queue (email.send): a request or a
// sweep only inserts it (in its own transaction, when given one), and an SMTP
// server that is down delays the mail, which pg-boss retries with backoff,
// rather than losing it or blocking anything.
import "server-only";
import type { Tx } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { services } from "@/lib/runtime/services";
import type { EmailMessage } from "./email-message";
import { emailEnabled, mailTransport } from "./transport";

/** Queues the email; does nothing when SMTP_URL is not set. */
export async function queueEmail(message: EmailMessage, tx?: Tx): Promise<void> {
  if (!emailEnabled()) return;
  await services().jobs.send("email.send", message, {}, tx);
}

/** The email.send handler: a failure (server down, refused) throws, and the job is retried. */
export async function deliverEmail(message: EmailMessage): Promise<void> {
  // Queued while SMTP was configured and SMTP_URL removed since: nothing to send through.
  if (!emailEnabled()) return;
  await mailTransport().sendMail({ from: serverEnv().SMTP_FROM, ...message });
}
