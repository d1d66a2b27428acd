import Image from "next/image";
import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <Image src="/logo.svg" alt="" width={32} height={32} />
          <span className="text-xl font-semibold tracking-tight">Keyward</span>
        </div>
        <div className="rounded-xl border border-border bg-surface p-6 shadow-sm">{children}</div>
        <ThemeToggle className="mt-6 flex justify-center" />
      </div>
    </main>
  );
}
