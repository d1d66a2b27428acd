-- IP allowlists per key (issue 14): the addresses and CIDR ranges a key may be
-- used from, normalised by lib/api-keys/ip-allowlist.ts. Empty: any address,
-- which is what every existing key keeps. Nullable like every Prisma list
-- (scopes too); readers treat NULL as empty.
ALTER TABLE "api_keys" ADD COLUMN "allowed_ips" TEXT[] DEFAULT ARRAY[]::TEXT[];
