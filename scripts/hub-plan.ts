import path from 'node:path';
import { type Kommun, type PoliceArea, type Region, subgraphName, subgraphUrlVariable } from '../domain/region.js';
import type { ProcessSpec } from './processes.js';

/**
 * The processes of one hub on this machine (what `npm start` runs): every kommun subgraph, the
 * police subgraph and the gateway, each told the URLs of this hub's subgraphs (the police checks
 * commitments with its kommuner) and the hub's subgraph secret, each subgraph with its own data
 * folder. A second hub (another PORT_OFFSET) gets its own ports and, unless DATA_ROOT says
 * otherwise, its own data folders: `.data/<slug>` for offset 0, `.data/port-offset-<n>/<slug>` else.
 */
export interface HubPlan {
  gatewayUrl: string;
  /** Each party's subgraph URL, by subgraph name. */
  subgraphUrls: Record<string, string>;
  dataRoot: string;
  subgraphs: ProcessSpec[];
  gateway: ProcessSpec;
}

export function planHub(options: {
  region: Region;
  projectRoot: string;
  portOffset: number;
  dataRoot?: string | undefined;
  subgraphSecret: string;
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
  const hubEnv = {
    SUBGRAPH_SECRET: options.subgraphSecret,
    ...Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [subgraphUrlVariable(name), url])),
  };
  const subgraphEnv = (party: Kommun | PoliceArea) => ({
    ...hubEnv,
    DATABASE_URL: '',
    PORT: String(party.port + portOffset),
    DATA_DIR: path.join(dataRoot, party.slug),
  });
  return {
    gatewayUrl: localUrl(region.gatewayPort + portOffset),
    subgraphUrls,
    dataRoot,
    subgraphs: [
      ...region.kommuner.map((kommun) => ({
        label: kommun.slug,
        script: 'subgraphs/kommun/main.ts',
        args: ['--kommun', kommun.slug],
        env: subgraphEnv(kommun),
      })),
      { label: region.policeArea.slug, script: 'subgraphs/police/main.ts', env: subgraphEnv(region.policeArea) },
    ],
    gateway: {
      label: 'gateway',
      script: 'gateway/main.ts',
      env: { ...hubEnv, PORT: String(region.gatewayPort + portOffset) },
    },
  };
}
