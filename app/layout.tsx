import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { currentTheme } from "@/lib/ui/current-theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keyward", template: "%s · Keyward" },
  description: "Issue, scope, rotate, revoke and watch API keys.",
  icons: { icon: "/logo.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so that its scripts carry that
  // request's CSP nonce (lib/server/security-headers.ts); a prerendered page
  // would have none, and the browser would refuse its scripts.
  await connection();
  // "system" leaves the choice to prefers-color-scheme, in CSS (app/globals.css).
  return (
    <html lang="en" data-theme={await currentTheme()}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
