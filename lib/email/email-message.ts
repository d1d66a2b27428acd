// One email as it travels through the job queue: already written, so that a
// retry sends exactly what was queued. Plain text for every reader, simple
// HTML beside it. Never a key's secret: only names, hints and links.
import { z } from "zod";

export const EmailMessageSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
  html: z.string().min(1),
});

export type EmailMessage = z.infer<typeof EmailMessageSchema>;
