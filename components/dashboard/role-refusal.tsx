import type { ReactNode } from "react";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** A page the member's role may not see: what it is, who may, and the way back to their keys (a page, not a 403: the link came from somewhere). */
export function RoleRefusal({ title, allowed, description }: { title: string; allowed: string; description: ReactNode }) {
  return (
    <section className="flex flex-col gap-6">
      <PageHeader title={title} />
      <EmptyState
        title={`This page is for ${allowed}`}
        description={description}
        action={
          <ButtonLink href="/keys" variant="secondary">
            Go to your keys
          </ButtonLink>
        }
      />
    </section>
  );
}
