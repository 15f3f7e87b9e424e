import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { subgraphName, type Region } from '../domain/region.js';
import { authConfigFromEnv, createViewerVerifier, type AuthConfig } from '../server/auth.js';
import type { ServerLimits } from '../server/http/limits.js';
import { serveGraphQL } from '../server/http/serve-graphql.js';
import { SubgraphDataSource, type GatewayContext, type SubgraphOwner } from './subgraph-data-source.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';
import { serveWebPages } from './web-pages.js';

export interface GatewayOptions {
  region: Region;
  supergraphSdl: string;
  /** Subgraph URL by subgraph name; names not listed use the URL in the supergraph. */
  subgraphUrls?: Record<string, string>;
  port?: number | undefined;
  host?: string | undefined;
  /** How long one subgraph call may take before it is cut off (default 5 s). */
  subgraphTimeoutMs?: number | undefined;
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** How bearer tokens are verified (default: from the environment); the subgraphs verify them again. */
  auth?: AuthConfig | undefined;
  limits?: ServerLimits | undefined;
  logger?: Logger | undefined;
  /** The built web front end to serve at `/` (default `dist/web`). */
  webPagesFolder?: string | undefined;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

function ownersByName(region: Region): Map<string, SubgraphOwner> {
  return new Map<string, SubgraphOwner>([
    ...region.kommuner.map((kommun) => [subgraphName(kommun), { kind: 'kommun', kommun }] as const),
    [subgraphName(region.policeArea), { kind: 'policeArea', policeArea: region.policeArea }],
  ]);
}

/** Whether each subgraph answers its `/readyz` within a second. */
async function subgraphStates(urls: Map<string, string>): Promise<Record<string, 'up' | 'down'>> {
  const states = await Promise.all(
    [...urls].map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(1_000) });
        return [name, response.ok ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  return Object.fromEntries(states);
}

/** Serves the region's supergraph, planning each query over the kommun and police subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const owners = ownersByName(options.region);
  const verifyViewer = createViewerVerifier(options.auth ?? authConfigFromEnv(), options.region);
  const urls = new Map<string, string>();
  const fetcher = createSubgraphFetcher(options.subgraphTimeoutMs ?? 5_000);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const owner = owners.get(name);
      if (!owner) throw new Error(`Subgraph "${name}" in the supergraph is not in the region config`);
      const resolvedUrl = options.subgraphUrls?.[name] ?? url!;
      urls.set(name, resolvedUrl);
      return new SubgraphDataSource({ name, url: resolvedUrl, owner, fetcher });
    },
  });
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const server = await serveGraphQL<GatewayContext>({
    name: 'gateway',
    apollo: { gateway, plugins: options.plugins },
    // A bad token is refused here once, rather than by every subgraph the query reaches.
    context: async ({ authorization, requestId }) => {
      await verifyViewer(authorization);
      return { authorization, requestId };
    },
    readiness: async () => ({
      ready: supergraphLoaded,
      supergraph: supergraphLoaded ? 'loaded' : 'not loaded',
      subgraphs: await subgraphStates(urls),
    }),
    port: options.port,
    host: options.host,
    limits: options.limits,
    logger: options.logger,
    pages: (app) => serveWebPages(app, options.webPagesFolder),
  });
  return { url: server.url, stop: server.stop };
}
