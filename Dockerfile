# One image runs everything: the API, the jobs and the built SPA, as compiled JavaScript on
# plain node. Build: `docker build -t kalshi-sentinel .` (docker-compose.yml does it for you).

# ── build: every dependency, then `npm run build` (Prisma client, tsc, vite) ──────────────────
FROM node:24-slim AS build
WORKDIR /app
# Manifests first so the dependency layer is cached until they change. The postinstall step
# generates the Prisma client, which needs the whole prisma/ workspace (schema, script, src).
COPY package.json package-lock.json turbo.json tsconfig.json ./
COPY openapi/package.json openapi/
COPY exchange/package.json exchange/
COPY api/package.json api/
COPY web/package.json web/
COPY prisma/ prisma/
RUN npm ci --no-audit --no-fund
COPY . .
ENV TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
RUN npm run build
# Keep production dependencies only: no tsx, TypeScript, Vite, Prisma CLI or test tools.
# TypeScript and the Prisma CLI are also optional peers of @prisma/client, which npm keeps on
# `--omit=dev` alone; `--omit=optional` drops them too (no runtime dependency is optional).
RUN npm prune --omit=dev --omit=optional --no-audit --no-fund

# ── runtime: compiled output, migrations and production dependencies, as a non-root user ──────
FROM node:24-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data \
    NODE_OPTIONS=--max-old-space-size=384
# node_modules keeps its workspace links (node_modules/@sentinel/db → ../../prisma), so each
# package folder below carries its package.json (its exports point at dist/).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma/package.json ./prisma/
COPY --from=build /app/prisma/dist ./prisma/dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/openapi/package.json /app/openapi/openapi.json ./openapi/
COPY --from=build /app/openapi/dist ./openapi/dist
COPY --from=build /app/exchange/package.json ./exchange/
COPY --from=build /app/api/package.json ./api/
COPY --from=build /app/api/dist ./api/dist
COPY --from=build /app/web/package.json ./web/
COPY --from=build /app/web/build ./web/build
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "api/dist/index.js"]
