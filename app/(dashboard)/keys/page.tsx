import type { Metadata } from "next";
import { STATUS_LABELS } from "@/components/keys/key-badges";
import { PageLinks } from "@/components/dashboard/page-links";
import { KeysTable } from "@/components/keys/keys-table";
import { ButtonLink } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
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
      <PageHeader
        title="Keys"
        description={seesAll ? "Every key in your organization." : "The keys you created."}
        action={<ButtonLink href="/keys/new">Create key</ButtonLink>}
      />

      {keys.length === 0 && !filtered && !cursor ? (
        <EmptyState
          title="No API keys yet"
          description="An API key lets a program call your API as your organization. Each key has a name, a live or test environment, the scopes it may use, and an expiry. You see its secret once, when you create it; after that you can rotate or revoke it at any time."
          action={<ButtonLink href="/keys/new">Create your first key</ButtonLink>}
        />
      ) : (
        <>
          <FilterForm label="Filter keys" clearHref="/keys" filtered={filtered}>
            <TextField label="Search by name" name="q" defaultValue={q} type="search" className="w-56" />
            <Field label="Status">
              {(control) => (
                <Select {...control} name="status" defaultValue={status} width="fit">
                  <option value="">All</option>
                  {(Object.keys(STATUS_LABELS) as ApiKeyStatus[]).map((value) => (
                    <option key={value} value={value}>
                      {STATUS_LABELS[value]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Environment">
              {(control) => (
                <Select {...control} name="env" defaultValue={env} width="fit">
                  <option value="">All</option>
                  <option value="live">Live</option>
                  <option value="test">Test</option>
                </Select>
              )}
            </Field>
          </FilterForm>
          {keys.length === 0 ? <EmptyState title="No keys match these filters." /> : <KeysTable keys={keys} now={now} caption="API keys" />}
          <PageLinks path="/keys" params={{ q, status, env }} cursor={cursor} nextCursor={nextCursor} />
        </>
      )}
    </section>
  );
}
