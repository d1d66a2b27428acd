// CSV of the admin review: hints only, never secrets. Same session and role
// checks as the page.
import { reviewApiKeys, reviewToCsv } from "@/lib/api-keys/review";
import { requireActingMember } from "@/lib/dashboard/acting-member";

export async function GET() {
  const { keyActor, membership } = await requireActingMember("/review");
  if (membership.role === "MEMBER") return new Response("Only admins and owners can export the key review.", { status: 403 });
  const csv = reviewToCsv(await reviewApiKeys(keyActor));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="keyward-keys-${membership.organization.slug}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
