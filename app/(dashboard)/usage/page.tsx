import type { Metadata } from "next";
import Link from "next/link";
import { RangeLinks, UsageSummary } from "@/components/usage/usage-summary";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { actingUserEmails, busiestKeys, usageReport, UsageRangeSchema } from "@/lib/usage/usage-queries";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { membership, keyActor } = await requireActingMember("/usage");
  const range = UsageRangeSchema.catch("24h").parse(readSearchParams(await searchParams, ["range"]).range || undefined);
  const organizationId = membership.organization.id;
  // Members see the usage of their own keys, as on the keys page.
  const ownerId = membership.role === "MEMBER" ? keyActor.userId : undefined;
  const [report, busiest] = await Promise.all([usageReport({ organizationId, ownerId }, range), busiestKeys(organizationId, range, { ownerId })]);
  const userEmails = await actingUserEmails(organizationId, report);
  return (
    <section className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
          <p className="text-sm text-muted-foreground">
            {ownerId ? "Every /api/v1 request made with your keys." : `Every /api/v1 request made with ${membership.organization.name}'s keys.`}
          </p>
        </div>
        <RangeLinks current={range} hrefFor={(r) => `/usage?range=${r}`} />
      </header>
      <UsageSummary report={report} subject={ownerId ? "your keys" : "your organization's keys"} userEmails={userEmails} />
      {busiest.length > 0 && (
        <section aria-labelledby="busiest-title" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="busiest-title" className="mb-2 text-sm font-semibold">
            Busiest keys
          </h2>
          <table className="w-full text-sm">
            <caption className="sr-only">Busiest keys</caption>
            <tbody className="divide-y divide-border">
              {busiest.map((key) => (
                <tr key={key.id}>
                  <td className="py-1.5">
                    <Link href={`/keys/${key.id}?range=${range}`} className="text-brand underline underline-offset-2">
                      {key.name}
                    </Link>{" "}
                    <span className="font-mono text-xs text-muted-foreground">{key.hint}</span>
                  </td>
                  <td className="py-1.5 text-right">{key.count.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
