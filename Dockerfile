# postmortem-tracker: the GitHub App's server (`node lib/start.js`), as a small non-root image.
#   docker build -t postmortem-tracker .
#   docker run -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET postmortem-tracker
# Configuration is environment only (see docs/operations.md); never bake a .env or key into it.
# test/ops/ops-image.e2e.test.ts runs these same npm commands outside Docker and starts the result.

# Build stage: every dependency, then the build (`npm ci` runs `prepare`: tsc, then the CLI's
# bundle, scripts/cli/build-cli.mjs).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts/cli ./scripts/cli
RUN npm ci --no-audit --no-fund

# Runtime stage: production dependencies only (no TypeScript, so no `prepare`), the compiled app
# and the files it reads at run time.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY templates ./templates
COPY bin ./bin
COPY app.yml ./
# The image's own `node` user; nothing in /app is writable by it.
USER node
EXPOSE 3000
# /healthz answers while the process serves; readiness (GitHub reachable) is /readyz, for the
# orchestrator's readiness probe rather than a restart-triggering health check. (No
# --start-period: dockerfilelint 1.8 rejects it, and the app listens within a second or two.)
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the graceful shutdown (SHUTDOWN_GRACE_S, default 25 s; Docker waits 10 s by
# default, so run with --stop-timeout 30; Kubernetes waits 30 s).
STOPSIGNAL SIGTERM
CMD ["node", "lib/start.js"]
