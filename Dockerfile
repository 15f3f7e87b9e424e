# One image for every part of the hub; the command chooses the part (docs/running-the-region.md):
#   gateway (default)   node dist/gateway/main.js
#   kommun subgraph     node dist/subgraphs/kommun/main.js --kommun <slug>
#   police subgraph     node dist/subgraphs/police/main.js
#   seed one database   node dist/scripts/seed.js --kommun <slug> | --police
# Build from the project's folder: docker build -t loftesnavet:<version> .
# The Node version follows the project's pinned `node` devDependency (tests/deployment.test.ts checks it).
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# Build: every dependency, then `npm run build` (tsc into dist/, the web pages into dist/web/).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json supergraph.graphql ./
COPY domain domain
COPY schema schema
COPY server server
COPY subgraphs subgraphs
COPY gateway gateway
COPY scripts scripts
COPY web web
RUN npm run build

# Run: production dependencies and what the processes read at run time, owned by root and
# read-only to the user the processes run as (the migrations are compiled into dist/).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY supergraph.graphql ./
COPY reports reports
COPY --from=build /app/dist dist
# The image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Public GraphQL port and internal operations port (/readyz, /metrics) of the default command.
EXPOSE 4000 5000
ENTRYPOINT ["node"]
CMD ["dist/gateway/main.js"]
