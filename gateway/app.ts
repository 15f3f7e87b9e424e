import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { subgraphName, subgraphUrlVariable, type Region } from '../schema/region.js';
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
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url: new URL('graphql', url).toString(), stop: () => server.stop() };
}

/** Subgraph URL overrides from the environment: `SUBGRAPH_URL_UMEA`, `SUBGRAPH_URL_POLIS_UMEA`, ... */
export function subgraphUrlsFromEnv(region: Region, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const names = [...region.kommuner, region.policeArea].map(subgraphName);
  return Object.fromEntries(
    names.flatMap((name) => {
      const url = env[subgraphUrlVariable(name)];
      return url ? [[name, url]] : [];
    }),
  );
}
