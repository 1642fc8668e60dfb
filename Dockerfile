# The Kindling web app for operators (see docker-compose.yml). Builds offline from the npm
# registry alone: no Prisma engine download (migrations use the wasm engine).
FROM node:20-bookworm-slim
WORKDIR /kindling
COPY package.json package-lock.json ./
COPY runner/package.json runner/package.json
RUN npm ci
COPY . .
# Prisma client + production build now, so that `npm start` only migrates and serves.
RUN npx tsx -e "import('./scripts/setup.ts').then(async (m) => { await m.generatePrismaClient(); await m.buildWebApp(); })"
ENV KINDLING_HOST=0.0.0.0 PORT=3000 NODE_ENV=production
EXPOSE 3000
CMD ["npm", "start"]
