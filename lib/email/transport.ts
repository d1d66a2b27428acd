// The SMTP transport, from SMTP_URL (smtp:// with STARTTLS when the server
// offers it, or smtps://; credentials in the URL). One per process and URL,
// pooled, so a burst of reminders reuses connections.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { serverEnv } from "@/lib/env";

let held: { url: string; transport: Transporter } | undefined;

/** Whether email is configured; without SMTP_URL nothing is queued or sent. */
export function emailEnabled(): boolean {
  return Boolean(serverEnv().SMTP_URL);
}

export function mailTransport(): Transporter {
  const url = serverEnv().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set");
  if (held?.url !== url) {
    held?.transport.close();
    held = { url, transport: nodemailer.createTransport(smtpOptions(url)) };
  }
  return held.transport;
}

/**
 * SMTP_URL as nodemailer's options. (nodemailer parses a URL itself, but then
 * drops every other option given with it.) Short timeouts: a server that does
 * not answer fails the job, which pg-boss retries later, rather than holding
 * a worker for nodemailer's default of minutes.
 */
function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** Closes the pooled connections (tests, shutdown). */
export function closeMailTransport() {
  held?.transport.close();
  held = undefined;
}
