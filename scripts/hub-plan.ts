import path from 'node:path';
import { type Kommun, type PoliceArea, type Region, subgraphName, subgraphUrlVariable } from '../domain/region.js';
import type { PartyDatabase } from './embedded-databases.js';
import type { ProcessSpec } from './processes.js';

/**
 * The processes of one hub on this machine (what `npm start` runs): every kommun subgraph, the
 * police subgraph and the gateway, each told the URLs of this hub's subgraphs (the police checks
 * commitments with its kommuner) and the hub's subgraph secret, each subgraph with its own data
 * folder. A second hub (another PORT_OFFSET) gets its own ports and, unless DATA_ROOT says
 * otherwise, its own data root: `.data/` for offset 0, `.data/port-offset-<n>/` else. Each
 * subgraph gets its party's database (see embedded-databases.ts): a PostgreSQL URL, or a PGlite
 * folder `<dataRoot>/<slug>` (the default here, and what earlier versions made).
 */
/**
 * V8's young generation kept small (1 MiB semi-spaces instead of 16): each part's heap is a few
 * tens of MiB, and eight parts with the default young generation do not fit the hub's 1 GiB.
 */
const PART_NODE_ARGS = ['--max-semi-space-size=1'];

export interface HubPlan {
  gatewayUrl: string;
  /** Each party's subgraph URL, by subgraph name. */
  subgraphUrls: Record<string, string>;
  dataRoot: string;
  /** The development identity provider the gateway signs staff in with, and its issuer. */
  identityProvider: ProcessSpec;
  identityProviderUrl: string;
  subgraphs: ProcessSpec[];
  gateway: ProcessSpec;
}

/** The development identity provider's port, beside the gateway's (4000) and the subgraphs' (4001–4007). */
const IDENTITY_PROVIDER_PORT = 4009;

export function planHub(options: {
  region: Region;
  projectRoot: string;
  portOffset: number;
  dataRoot?: string | undefined;
  subgraphSecret: string;
  /** Each party's database, by slug. */
  databases?: Record<string, PartyDatabase> | undefined;
  /**
   * The folder (relative to the project root) holding the parts bundled to JavaScript by
   * `npm run build:hub`, run with plain Node; without it, the TypeScript runs through tsx.
   */
  compiledIn?: string | undefined;
}): HubPlan {
  const { region, portOffset } = options;
  const dataRoot = path.resolve(
    options.dataRoot ??
      path.join(options.projectRoot, '.data', ...(portOffset === 0 ? [] : [`port-offset-${portOffset}`])),
  );
  const parties: (Kommun | PoliceArea)[] = [...region.kommuner, region.policeArea];
  const localUrl = (port: number) => `http://localhost:${port}/graphql`;
  const subgraphUrls = Object.fromEntries(
    parties.map((party) => [subgraphName(party), localUrl(party.port + portOffset)]),
  );
  const identityProviderUrl = `http://localhost:${IDENTITY_PROVIDER_PORT + portOffset}`;
  const hubPublicUrl = `http://localhost:${region.gatewayPort + portOffset}`;
  const hubEnv = {
    SUBGRAPH_SECRET: options.subgraphSecret,
    // Every part trusts the development provider's tokens (server/identity-providers.ts).
    DEV_IDENTITY_PROVIDER_URL: identityProviderUrl,
    // Node's on-disk cache of compiled code (the bundle's and its packages'): a restart compiles less.
    NODE_COMPILE_CACHE: path.join(dataRoot, 'compile-cache'),
    // Two malloc arenas, not one per thread (glibc's default): each part's resident set is about 6 MiB smaller.
    MALLOC_ARENA_MAX: '2',
    ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [subgraphUrlVariable(name), url])),
  };
  const entry = (typescript: string) =>
    options.compiledIn ? path.posix.join(options.compiledIn, typescript.replace(/\.ts$/, '.js')) : typescript;
  const subgraphEnv = (party: Kommun | PoliceArea) => {
    const database = options.databases?.[party.slug] ?? { dataDir: path.join(dataRoot, party.slug) };
    return {
      ...hubEnv,
      PORT: String(party.port + portOffset),
      ...('databaseUrl' in database
        ? // A pool of one connection each (as PGlite has), plus the one that LISTENs for changes: every connection is a server process of its own.
          { DATABASE_URL: database.databaseUrl, DATA_DIR: '', PG_POOL_MAX: '1' }
        : { DATABASE_URL: '', DATA_DIR: database.dataDir }),
    };
  };
  return {
    gatewayUrl: localUrl(region.gatewayPort + portOffset),
    subgraphUrls,
    identityProviderUrl,
    identityProvider: {
      label: 'inloggning',
      script: entry('scripts/development-identity-provider/main.ts'),
      env: { PORT: String(IDENTITY_PROVIDER_PORT + portOffset), HUB_PUBLIC_URL: hubPublicUrl },
      nodeArgs: PART_NODE_ARGS,
      readyWhen: /development identity provider ready at/,
    },
    dataRoot,
    subgraphs: [
      ...region.kommuner.map((kommun) => ({
        label: kommun.slug,
        script: entry('subgraphs/kommun/main.ts'),
        args: ['--kommun', kommun.slug],
        env: subgraphEnv(kommun),
        nodeArgs: PART_NODE_ARGS,
      })),
      {
        label: region.policeArea.slug,
        script: entry('subgraphs/police/main.ts'),
        env: subgraphEnv(region.policeArea),
        nodeArgs: PART_NODE_ARGS,
      },
    ],
    gateway: {
      label: 'gateway',
      script: entry('gateway/main.ts'),
      env: { ...hubEnv, PORT: String(region.gatewayPort + portOffset), HUB_PUBLIC_URL: hubPublicUrl },
      nodeArgs: PART_NODE_ARGS,
    },
  };
}
