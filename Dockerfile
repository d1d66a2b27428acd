# Keyward's image: the standalone build (`npm run build` → .next/standalone,
# README "Docker"), run as an unprivileged user with nothing else from the
# project. The image needs PostgreSQL (DATABASE_URL) and its secrets
# (AUTH_SECRET, KEY_PEPPER); it migrates the database when it starts.
#
#   docker build -t keyward .
#
# Node 22: the artefact was tested on Node 20.19+, whose support ended in
# April 2026; the build's target is Node 20, so 22 runs the same code.
ARG NODE_IMAGE=node:22-bookworm-slim

# --- Dependencies: only the lockfile, so this layer is reused until it changes.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# The project's postinstall (prisma generate) needs the sources: it runs in the build stage.
RUN npm ci --ignore-scripts

# --- Build: Next's production build, completed into the artefact by scripts/build.ts.
FROM deps AS build
COPY . .
RUN node scripts/prisma-generate.mjs && npm run build

# --- Runtime: the artefact alone (about 60 MB of node_modules, no compiler, no embedded PostgreSQL).
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000
# Owned by root, so the server cannot change its own code; only Next's cache is writable.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 3000
# Keyward drains on SIGTERM (KEYWARD_DRAIN_MS, 10 s by default): give it longer
# than that to stop (`docker stop -t 30`, compose's stop_grace_period).
STOPSIGNAL SIGTERM
# No curl in the slim image: Node's fetch. 503 while draining or while PostgreSQL is down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
