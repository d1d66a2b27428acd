// Both entries of the standalone build run from its folder, wherever they are
// started from: Next's server, the migrations (prisma/migrations) and the API
// reference's assets (node_modules/swagger-ui-dist) are found relative to the
// working directory, as in the project. Next's own server.js does the same.
import path from "node:path";
import { fileURLToPath } from "node:url";

export function enterArtefactDir() {
  // After bundling, this module is part of server.js or migrate.js, at the artefact's root.
  process.chdir(path.dirname(fileURLToPath(import.meta.url)));
}
