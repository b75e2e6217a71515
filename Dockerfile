# One image runs everything: the API, the jobs and the built SPA.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.json ./
COPY prisma/package.json prisma/
COPY openapi/package.json openapi/
COPY exchange/package.json exchange/
COPY api/package.json api/
COPY web/package.json web/
COPY prisma/schema.prisma prisma/prisma.config.ts prisma/
COPY prisma/scripts prisma/scripts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build -w @sentinel/web

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data \
    NODE_OPTIONS=--max-old-space-size=384
COPY --from=build /app /app
RUN mkdir -p /app/data && chown -R node:node /app/data && chmod 700 /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npm", "run", "start", "-w", "@sentinel/api"]
