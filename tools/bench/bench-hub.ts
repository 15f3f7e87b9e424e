import { randomBytes } from 'node:crypto';
import { region, subgraphName, subgraphUrlVariable } from '../../domain/region.js';
import type { RunningProcess } from '../../scripts/processes.js';
import { createDatabases, launch, stopAll } from './bench-processes.js';
import type { Target } from './closed-loop.js';
import type { HubProcesses } from './hub-cpu.js';

/**
 * The hub the bench measures, on loopback: the six kommun subgraphs and the police subgraph,
 * each its own process over its own PostgreSQL database; the hub's gateway in three processes
 * (one per configuration below); the ideal client; Hive Gateway with the Rust planner with its
 * deduplication on and off. Ports: the region's ports + 10 000 + PORT_OFFSET.
 */

/**
 * The hub's gateway as measured: as it was before issue 14 (no deduplication, no cache), with
 * in-flight deduplication only, and as shipped (cache on). RESPONSE_CACHE and
 * SUBGRAPH_DEDUPLICATION are the gateway's switches (a gateway without them ignores them).
 */
export const gatewayConfigurations = {
  before: {
    name: 'Löftesnavet, cache off, deduplication off',
    env: { RESPONSE_CACHE: 'off', SUBGRAPH_DEDUPLICATION: 'off' },
  },
  cacheOff: { name: 'Löftesnavet, cache off', env: { RESPONSE_CACHE: 'off', SUBGRAPH_DEDUPLICATION: 'on' } },
  shipped: { name: 'Löftesnavet, cache on (shipped)', env: { RESPONSE_CACHE: 'on', SUBGRAPH_DEDUPLICATION: 'on' } },
} as const;
export type GatewayConfiguration = keyof typeof gatewayConfigurations;

export interface BenchHub {
  subgraphUrls: Record<string, string>;
  subgraphSecret: string;
  gateways: Record<GatewayConfiguration, Target>;
  idealRegional: Target;
  idealKommun: Target;
  hive: Target;
  hiveNoDeduplication: Target;
  stop(): Promise<void>;
}

export async function startBenchHub({
  portOffset,
  profileDir,
}: {
  portOffset: number;
  /** Where the shipped gateway writes its CPU profile when it stops. */
  profileDir?: string | undefined;
}): Promise<BenchHub> {
  const offset = 10_000 + portOffset;
  const port = (p: { port: number }) => p.port + offset;
  const parties = [...region.kommuner, region.policeArea];
  const subgraphUrls = Object.fromEntries(parties.map((p) => [subgraphName(p), `http://127.0.0.1:${port(p)}/graphql`]));
  // A fresh credential for this hub, as `npm start` makes: the gateways sign with it, the direct writes too.
  const subgraphSecret = randomBytes(32).toString('base64url');
  const hubEnv = {
    SUBGRAPH_SECRET: subgraphSecret,
    ...Object.fromEntries(parties.map((p) => [subgraphUrlVariable(subgraphName(p)), subgraphUrls[subgraphName(p)]!])),
  };
  const databases = await createDatabases(parties.map((p) => p.slug));
  try {
    const subgraphs = await Promise.all([
      ...region.kommuner.map((k) =>
        launch({
          label: k.slug,
          script: 'subgraphs/kommun/main.ts',
          args: ['--kommun', k.slug],
          env: { ...hubEnv, PORT: String(port(k)), DATABASE_URL: databases.urlOf(k.slug) },
        }),
      ),
      launch({
        label: region.policeArea.slug,
        script: 'subgraphs/police/main.ts',
        env: {
          ...hubEnv,
          PORT: String(port(region.policeArea)),
          DATABASE_URL: databases.urlOf(region.policeArea.slug),
        },
      }),
    ]);
    const hubOf = (server: RunningProcess): HubProcesses => ({
      server: server.child.pid!,
      subgraphs: Object.fromEntries(subgraphs.map((s, i) => [subgraphName(parties[i]!), s.child.pid!])),
      databases: Object.fromEntries(parties.map((p) => [subgraphName(p), databases.nameOf(p.slug)])),
    });
    const target = (name: string, url: string, server: RunningProcess): Target => ({
      name,
      url,
      processes: hubOf(server),
      subgraphUrls,
    });

    const gatewayEntries = await Promise.all(
      (Object.keys(gatewayConfigurations) as GatewayConfiguration[]).map(async (key, i) => {
        const { name, env } = gatewayConfigurations[key];
        const gatewayPort = offset + 20 + i;
        const gateway = await launch({
          label: `gateway-${key}`,
          script: 'gateway/main.ts',
          env: { ...hubEnv, ...env, PORT: String(gatewayPort) },
          ...(profileDir && key === 'shipped' && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }),
        });
        return [key, target(name, `http://127.0.0.1:${gatewayPort}/graphql`, gateway)] as const;
      }),
    );
    const ideal = await launch({
      label: 'ideal',
      script: 'tools/bench/ideal-server.ts',
      env: { ...hubEnv, PORT: String(offset + 10) },
    });
    const hive = await launch({
      label: 'hive',
      script: 'tools/bench/peer-gateway-server.ts',
      env: { ...hubEnv, PORT: String(offset + 11) },
    });
    const hiveNoDeduplication = await launch({
      label: 'hive-nodedup',
      script: 'tools/bench/peer-gateway-server.ts',
      env: { ...hubEnv, PORT: String(offset + 12), DEDUPLICATE: 'false' },
    });
    return {
      subgraphUrls,
      subgraphSecret,
      gateways: Object.fromEntries(gatewayEntries) as Record<GatewayConfiguration, Target>,
      idealRegional: target('ideal client', `http://127.0.0.1:${offset + 10}/regional`, ideal),
      idealKommun: target('ideal client', `http://127.0.0.1:${offset + 10}/kommun/umea`, ideal),
      hive: target('Hive Gateway + Rust planner, deduplication on', `http://127.0.0.1:${offset + 11}/graphql`, hive),
      hiveNoDeduplication: target(
        'Hive Gateway + Rust planner, deduplication off',
        `http://127.0.0.1:${offset + 12}/graphql`,
        hiveNoDeduplication,
      ),
      stop: async () => {
        await stopAll();
        await databases.drop();
      },
    };
  } catch (error) {
    await stopAll();
    await databases.drop();
    throw error;
  }
}
