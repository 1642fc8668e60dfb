# The Kindling app image that docker-compose.yml runs as the web app and (with a docker CLI
# added, deploy/compose/runner.Dockerfile) as the runner. Built by `npm run compose:images`:
# no registry is needed, BASE is Debian + Node made locally (deploy/compose/build-images.sh),
# and every package comes from the npm registry (no Prisma engine download: migrations use
# the wasm engine).
ARG BASE=kindling/compose-node:local
FROM ${BASE}
WORKDIR /kindling
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
COPY runner/package.json runner/package.json
# `npm install`, not `npm ci`: see .ci/run (the lock file lacks other platforms' packages).
RUN npm install --prefer-offline --no-audit --no-fund && npm cache clean --force
COPY . .
# Prisma client + production build now, so that starting only migrates and serves.
RUN npx tsx -e "import('./scripts/setup.ts').then(async (m) => { await m.generatePrismaClient(); await m.buildWebApp(); })"
ENV NODE_ENV=production
ENTRYPOINT ["/usr/bin/tini", "--", "sh", "deploy/compose/entrypoint.sh"]
CMD ["web"]
