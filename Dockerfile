# OpenCMA: one image, every role chosen by the command (docker/entrypoint.sh):
#   web | api | worker | mls | migrate | all (default: the embedded single process) | backup | restore
# Configured only at run time (environment, or NAME_FILE for secrets); nothing deployment-specific is
# built in. Decision 0027; README "Deploy".
#
#   docker build -t opencma .
#   docker build --build-arg NODE_IMAGE=local/node:20 ...   where the public registry is unreachable
#                (scripts/docker/local-images.sh builds that base)
# Needs BuildKit (DOCKER_BUILDKIT=1; default in current Docker). A CA bundle for npm behind a TLS-
# inspecting proxy can be passed as a build secret, never stored in the image:
#   --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the package manifests (every workspace, found by name, not listed) and the lock file, so
# the dependency layers below are rebuilt only when dependencies change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /out && cp package-lock.json /out/ \
    && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /out/ \;

# Every dependency, then the web app's production build.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle npm_config_cafile=/run/secrets/ca_bundle; fi; \
    npm ci --no-audit --no-fund
COPY . .
RUN NODE_ENV=production npm run build:web && rm -rf apps/web/.next/cache

# Production dependencies only (no test tools, linters or build caches).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle npm_config_cafile=/run/secrets/ca_bundle; fi; \
    npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# Chromium renders the PDFs (run with --no-sandbox: see decision 0027); Liberation (Arial/Helvetica
# metrics) and DejaVu fonts; pg_dump/pg_restore for backups; tini reaps Chromium's children and
# passes SIGTERM on.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       chromium fonts-liberation fonts-dejavu-core postgresql-client-15 tini ca-certificates \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
    && groupadd --system --gid 10001 opencma \
    && useradd --system --uid 10001 --gid opencma --create-home --home-dir /home/opencma opencma \
    && mkdir -p /data && chown opencma:opencma /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    CHROME_PATH=/usr/bin/chromium \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=prod-deps /app/ ./
COPY . .
COPY --from=build --chown=opencma:opencma /app/apps/web/.next ./apps/web/.next
COPY --from=build /app/apps/web/.landing ./apps/web/.landing
COPY --from=build /app/apps/web/public/landing ./apps/web/public/landing
USER opencma
EXPOSE 3000 3001 3002 4010
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["node", "/app/docker/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker/entrypoint.sh"]
CMD ["all"]
