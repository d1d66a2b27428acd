// CSV of the admin review: hints only, never secrets. Same session and role
// checks as the page. Streamed a batch at a time: an organization may hold
// tens of thousands of keys.
import { reviewCsv } from "@/lib/api-keys/review";
import { requireActingMember } from "@/lib/dashboard/acting-member";

export async function GET() {
  const { keyActor, membership } = await requireActingMember("/review");
  if (membership.role === "MEMBER") return new Response("Only admins and owners can export the key review.", { status: 403 });
  const lines = reviewCsv(keyActor);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="keyward-keys-${membership.organization.slug}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
