import { ButtonLink } from "@/components/ui/button";

/**
 * "First page" and "Next page" for a cursor-paginated list: plain links that
 * keep the list's filters, so they work before (and without) JavaScript.
 */
export function PageLinks({
  path,
  params,
  cursor,
  nextCursor,
  labels = { first: "First page", next: "Next page" },
}: {
  path: string;
  /** The list's filters; empty values are left out of the links. */
  params: Record<string, string>;
  /** The cursor of the page shown, if it is not the first. */
  cursor: string;
  nextCursor: string | null;
  labels?: { first: string; next: string };
}) {
  if (!cursor && !nextCursor) return null;
  const href = (extra: Record<string, string>) => {
    const query = new URLSearchParams(Object.entries({ ...params, ...extra }).filter(([, value]) => value));
    return query.size ? `${path}?${query}` : path;
  };
  return (
    <nav aria-label="Pages" className="flex gap-3">
      {cursor && (
        <ButtonLink href={href({})} variant="secondary">
          {labels.first}
        </ButtonLink>
      )}
      {nextCursor && (
        <ButtonLink href={href({ cursor: nextCursor })} variant="secondary">
          {labels.next}
        </ButtonLink>
      )}
    </nav>
  );
}
