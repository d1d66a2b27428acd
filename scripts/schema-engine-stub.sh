#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on
# Keyward's build machines. `prisma generate` only checks that this file exists;
# anything that really tries to run it (migrate, db push, introspection) gets
# this message instead of a hang or a download error.
echo "Keyward: Prisma's schema engine is not installed here." >&2
echo "Migrations are applied by Keyward itself at start-up (lib/db/migrator.ts)." >&2
echo "To use 'prisma migrate' directly, unset PRISMA_SCHEMA_ENGINE_BINARY on a machine that can download the engine." >&2
exit 1
