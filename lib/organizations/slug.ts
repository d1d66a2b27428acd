import { randomBytes } from "node:crypto";

/** "Acme, Inc." → "acme-inc". Falls back to "org" for names with no letters or digits. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "org";
}

export function slugWithSuffix(base: string): string {
  return `${base}-${randomBytes(3).toString("hex")}`;
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
