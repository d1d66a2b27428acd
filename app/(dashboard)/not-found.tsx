import Link from "next/link";

/** A dashboard page with nothing behind it (a key of another organization, a deleted one): inside the dashboard's frame. */
export default function DashboardNotFound() {
  return (
    <section className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-muted-foreground">There is nothing here, or it belongs to another organization.</p>
      <Link href="/keys" className="font-medium text-brand underline underline-offset-2">
        Go to your keys
      </Link>
    </section>
  );
}
