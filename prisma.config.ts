// Prisma 7 reads its datasource URL from here, not from schema.prisma. Keyward's
// own migrator (lib/db/migrator.ts) does not need this file; it is for running
// Prisma's CLI (`prisma migrate status`, `prisma studio`) against the same database.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
