# syntax=docker/dockerfile:1.7
# One image per service from the same recipe, plus an image with the API simulators:
#   docker build --build-arg SERVICE=orders -t commerce-sync-orders:0.1.0 .
#   docker build --target simulators -t commerce-sync-simulators:0.1.0 .
# TypeScript runs as-is on Node 24 (type stripping), so there is no compile stage: the
# stages only keep npm, the lockfile tooling and the build caches out of the runtime image.

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# --- the workspace manifests alone, so dependency layers survive source edits -------------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /out \
 && cp package.json package-lock.json /out/ \
 && find libs services test -maxdepth 2 -name package.json -exec cp --parents {} /out/ \;

# --- production dependencies of one workspace (npm links the @commerce-sync/* libs) ------
FROM ${NODE_IMAGE} AS npm
WORKDIR /app
COPY --from=manifests /out/ ./

FROM npm AS service-deps
ARG SERVICE
# --ignore-scripts: no install script runs in the build (none of our runtime deps needs one).
RUN test -n "${SERVICE}" || { echo "build arg SERVICE is required: orders, payments, inventory, shipping, notifications or console" >&2; exit 1; }
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace "services/${SERVICE}" --include-workspace-root=false

FROM npm AS simulator-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace test --include-workspace-root=false

# --- runtime base: Node, tini, nothing else ---------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini is PID 1 so SIGTERM reaches Node and zombies are reaped (Kubernetes has no --init).
# npm, npx, corepack and yarn are dev tools: removed so the image can't install anything.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
 && rm -f /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    SIM_HOST=0.0.0.0
WORKDIR /app
COPY deploy/docker/healthcheck.ts deploy/docker/healthcheck.ts
ENTRYPOINT ["/usr/bin/tini", "--"]

# --- the API simulators (demo and e2e only; never deployed to production) ----------------
FROM runtime AS simulators
COPY --from=simulator-deps /app/ ./
COPY libs/ libs/
COPY test/simulators/ test/simulators/
COPY test/package.json test/package.json
# Files stay owned by root and read-only to the runtime user: the root file system can be
# mounted read-only (writable scratch space is /tmp, an emptyDir in Kubernetes).
USER 1000:1000
CMD ["node", "test/simulators/shopify/main.ts"]

# --- a service (the default target) -----------------------------------------------------
FROM runtime AS service
ARG SERVICE
ENV SERVICE=${SERVICE}
COPY --from=service-deps /app/ ./
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
USER 1000:1000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.ts"]
# glibc malloc for a long-running process (see SERVICE_ENV in test/support/stack.ts): 2
# arenas, and the mmap/trim thresholds pinned at their 128 KiB defaults so that the buffers
# of a burst go back to the OS instead of staying resident.
ENV MALLOC_ARENA_MAX=2
ENV MALLOC_MMAP_THRESHOLD_=131072
ENV MALLOC_TRIM_THRESHOLD_=131072
# exec: node replaces the shell, so tini's SIGTERM goes straight to it. The node flags are
# the ones the local stack, the e2e tests and the benchmark run with (test/support/stack.ts,
# SERVICE_NODE_ARGS; deploy/validate checks both agree): tracing loaded before the service,
# and a heap sized for the 512 MiB pod limit (old space ≤ 384 MiB, young generation 16 MiB).
CMD ["sh", "-c", "exec node --import @commerce-sync/telemetry/register --max-old-space-size=384 --max-semi-space-size=8 services/${SERVICE}/src/main.ts"]
