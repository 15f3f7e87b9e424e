import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { subgraphName, type Region } from '../schema/region.js';
import { authConfigFromEnv, createViewerVerifier, type AuthConfig } from '../subgraphs/runtime/auth.js';
import { SubgraphDataSource, type GatewayContext, type SubgraphOwner } from './subgraph-data-source.js';

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

/** Serves the region's supergraph, planning each query over the kommun and police subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const owners = ownersByName(options.region);
  const verifyViewer = createViewerVerifier(options.auth ?? authConfigFromEnv(), options.region);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const owner = owners.get(name);
      if (!owner) throw new Error(`Subgraph "${name}" in the supergraph is not in the region config`);
      return new SubgraphDataSource({
        name,
        url: options.subgraphUrls?.[name] ?? url!,
        owner,
        timeoutMs: options.subgraphTimeoutMs ?? 5_000,
      });
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port ?? 0, host: options.host ?? '127.0.0.1' },
    // A bad token is refused here once, rather than by every subgraph the query reaches.
    context: async ({ req }) => {
      await verifyViewer(req.headers.authorization);
      return { authorization: req.headers.authorization };
    },
  });
  return { url: new URL('graphql', url).toString(), stop: () => server.stop() };
}
