# syntax=docker/dockerfile:1
# modelgate GitHub App. The build stage compiles src/ to dist/ (tsc); the runtime stage holds
# dist/, bin/ and production dependencies only — no TypeScript compiler, no tsx, no tests.

ARG NODE_VERSION=20

# --- build: the full install (its `prepare` script runs `npm run build`), so that a type error
# fails the image build rather than the pod
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci && npm run build

# --- runtime: production dependencies only, non-root
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build, and the compiler is not installed here.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/app.js ./bin/app.js
COPY app.yml ./
USER node
EXPOSE 3000
# Probot answers GET /ping with "PONG"; node 20 has fetch built in, so no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/app.js"]
