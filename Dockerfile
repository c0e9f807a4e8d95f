# syntax=docker/dockerfile:1
# modelgate GitHub App. bin/app.js runs the TypeScript sources through tsx (a runtime
# dependency), so there is no compile step: the build stage only resolves dependencies.

ARG NODE_VERSION=20

# --- build: the full install, so that a type error fails the image build rather than the pod
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY bin ./bin
RUN npx tsc --noEmit

# --- runtime: production dependencies only, non-root
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/src ./src
COPY --from=build /app/bin ./bin
USER node
EXPOSE 3000
# Probot answers GET /ping with "PONG"; node 20 has fetch built in, so no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/app.js"]
