# IA Poste Manager — Workflow Studio: one image for every server process (API, WebSocket, studio, runtime
# worker). Production database: MongoDB (MONGODB_URI); see docs/deploy.md and compose.yaml.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY schemas/package.json schemas/
COPY runtime/package.json runtime/
COPY presets/package.json presets/
COPY server/package.json server/
COPY studio/package.json studio/
# `npm install` rather than `npm ci`: the lock file lacks other platforms' optional native packages.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build -w @iapm/studio

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SECURE_COOKIES=true
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The server itself (not `npm start`, which would build the embedded database): MONGODB_URI must be set.
CMD ["node", "server/bin/server.mjs"]
