// Runs `prisma generate` without network access.
//
// Prisma's CLI insists on locating its native schema engine before it will
// generate the client, and tries to download it when it is missing. Generation
// never runs that engine, so we point PRISMA_SCHEMA_ENGINE_BINARY (a documented
// Prisma variable) at a stub that explains itself and exits 1. Migrations are
// applied by lib/db/migrator.ts instead; see prisma/README.md.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stub = path.join(root, "scripts", "schema-engine-stub.sh");

if (!existsSync(path.join(root, "prisma", "schema.prisma"))) {
  console.log("prisma-generate: no prisma/schema.prisma yet, skipping");
  process.exit(0);
}
chmodSync(stub, 0o755);

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= stub;

const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const result = spawnSync(prismaBin, ["generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
