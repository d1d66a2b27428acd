// The standalone build's migrate.js: applies the pending migrations to
// DATABASE_URL and exits (0 when the schema is up to date). server.js migrates
// at start anyway; this is for a deployment that migrates as a step of its
// own, before it replaces the running instances.
import { reportBootFailure } from "../../lib/runtime/prepare-database";
import { migrateStandalone } from "../../lib/runtime/standalone-boot";
import { enterArtefactDir } from "./artefact-dir";

enterArtefactDir();
await migrateStandalone((line) => console.log(`[keyward] ${line}`)).catch(reportBootFailure);
process.exit(0);
