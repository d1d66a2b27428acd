import type { Metadata } from "next";
import Link from "next/link";
import { STATUS_LABELS } from "@/components/keys/key-badges";
import { PageLinks } from "@/components/dashboard/page-links";
import { KeysTable } from "@/components/keys/keys-table";
import { buttonClasses } from "@/components/ui/button";
import type { ApiKeyStatus } from "@/lib/api-keys/key-view";
import { listApiKeyPage } from "@/lib/api-keys/queries";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Keys" };

export default async function KeysPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { keyActor, membership } = await requireActingMember("/keys");
  const { q, status, env, cursor } = readSearchParams(await searchParams, ["q", "status", "env", "cursor"]);
  const environment = env === "live" ? "LIVE" : env === "test" ? "TEST" : undefined;
  const now = Date.now();
  const { items: keys, nextCursor } = await listApiKeyPage(keyActor, {
    search: q.trim() || undefined,
    environment,
    status: Object.hasOwn(STATUS_LABELS, status) ? (status as ApiKeyStatus) : undefined,
    cursor,
    now,
  });
  const filtered = Boolean(q || status || env);
  const seesAll = membership.role !== "MEMBER";

  return (
    <section className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Keys</h1>
          <p className="text-sm text-zinc-600">{seesAll ? "Every key in your organization." : "The keys you created."}</p>
        </div>
        <Link href="/keys/new" className={buttonClasses("primary")}>
          Create key
        </Link>
      </header>

      {keys.length === 0 && !filtered && !cursor ? (
        <EmptyState />
      ) : (
        <>
          <form role="search" aria-label="Filter keys" className="flex flex-wrap items-end gap-3" method="get">
            <label className="flex flex-col gap-1 text-sm font-medium">
              Search by name
              <input name="q" defaultValue={q} type="search" className="w-56 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal" />
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium">
              Status
              <select name="status" defaultValue={status} className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal">
                <option value="">All</option>
                {(Object.keys(STATUS_LABELS) as ApiKeyStatus[]).map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABELS[value]}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium">
              Environment
              <select name="env" defaultValue={env} className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-normal">
                <option value="">All</option>
                <option value="live">Live</option>
                <option value="test">Test</option>
              </select>
            </label>
            <button type="submit" className={buttonClasses("secondary")}>
              Filter
            </button>
            {filtered && (
              <Link href="/keys" className="py-2 text-sm text-brand-700 hover:underline">
                Clear filters
              </Link>
            )}
          </form>
          {keys.length === 0 ? (
            <p className="rounded-xl border border-zinc-200 bg-white p-6 text-sm text-zinc-600">No keys match these filters.</p>
          ) : (
            <KeysTable keys={keys} now={now} caption="API keys" />
          )}
          <PageLinks path="/keys" params={{ q, status, env }} cursor={cursor} nextCursor={nextCursor} />
        </>
      )}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="rounded-xl border border-dashed border-zinc-300 bg-white p-8 text-center">
      <h2 className="text-lg font-semibold">No API keys yet</h2>
      <p className="mx-auto mt-2 max-w-prose text-sm text-zinc-600">
        An API key lets a program call your API as your organization. Each key has a name, a live or test environment, the scopes it may use, and
        an expiry. You see its secret once, when you create it; after that you can rotate or revoke it at any time.
      </p>
      <Link href="/keys/new" className={buttonClasses("primary", "mt-4")}>
        Create your first key
      </Link>
    </div>
  );
}
