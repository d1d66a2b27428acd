import type { ReactNode } from "react";

/** Says plainly that a dashboard section has not been built yet. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="rounded-xl border border-dashed border-zinc-300 bg-white p-6">
        <p className="font-medium">Not built yet.</p>
        <p className="mt-1 text-sm text-zinc-600">{children}</p>
      </div>
    </section>
  );
}
