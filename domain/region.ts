import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The region served by this hub: Lokalpolisområde Umeå and the six kommuner it covers.
 * Adding a kommun is one entry here, a new subgraph process and `npm run compose`.
 */

export interface Kommun {
  /** SCB kommunkod, e.g. "2480". Prefixes the ids of every record the kommun owns. */
  readonly code: string;
  /** ASCII identifier used for type names, subgraph names, URLs and data folders. */
  readonly slug: string;
  /** The kommun's real name, with å/ä/ö. */
  readonly name: string;
  /** The organisation's full name, e.g. "Vännäs kommun". */
  readonly organisation: string;
  /** Port the kommun's subgraph listens on by default. */
  readonly port: number;
}

export interface PoliceArea {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly port: number;
}

export interface Region {
  readonly policeArea: PoliceArea;
  readonly kommuner: readonly Kommun[];
  readonly gatewayPort: number;
}

export const region: Region = {
  policeArea: { id: 'umea', slug: 'polis-umea', name: 'Lokalpolisområde Umeå', port: 4007 },
  kommuner: [
    { code: '2480', slug: 'umea', name: 'Umeå', organisation: 'Umeå kommun', port: 4001 },
    { code: '2403', slug: 'bjurholm', name: 'Bjurholm', organisation: 'Bjurholms kommun', port: 4002 },
    { code: '2401', slug: 'nordmaling', name: 'Nordmaling', organisation: 'Nordmalings kommun', port: 4003 },
    { code: '2409', slug: 'robertsfors', name: 'Robertsfors', organisation: 'Robertsfors kommun', port: 4004 },
    { code: '2404', slug: 'vindeln', name: 'Vindeln', organisation: 'Vindelns kommun', port: 4005 },
    { code: '2460', slug: 'vannas', name: 'Vännäs', organisation: 'Vännäs kommun', port: 4006 },
  ],
  gatewayPort: 4000,
};

/**
 * The region this process serves: the one above, or the JSON file named by REGION_FILE (the
 * benchmarks use that for synthetic regions of many kommuner).
 */
export function loadRegion(env: NodeJS.ProcessEnv = process.env): Region {
  return env.REGION_FILE ? (JSON.parse(readFileSync(env.REGION_FILE, 'utf8')) as Region) : region;
}

export function findKommun(slugOrCode: string, within: Region = region): Kommun {
  const kommun = within.kommuner.find((k) => k.slug === slugOrCode || k.code === slugOrCode);
  if (!kommun) {
    const known = within.kommuner.map((k) => k.slug).join(', ');
    throw new Error(`Unknown kommun "${slugOrCode}"; this region has: ${known}`);
  }
  return kommun;
}

/** A new id for a record the kommun owns: unique across the region, it starts with the kommunkod. */
export function kommunRecordId(kommun: Pick<Kommun, 'code'>): string {
  return `${kommun.code}-${randomUUID()}`;
}

/** Naming rule for per-kommun GraphQL types: `umea` → `UmeaMunicipality`. */
export function municipalityTypeName(kommun: Pick<Kommun, 'slug'>): string {
  const pascal = kommun.slug
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Municipality`;
}

/** Naming rule for the kommun's mutations: `umea` → `UmeaMunicipalityMutations` under `Mutation.umea`. */
export function municipalityMutationsTypeName(kommun: Pick<Kommun, 'slug'>): string {
  return `${municipalityTypeName(kommun)}Mutations`;
}

/** Naming rule for the kommun's root field: `umea` → `Query.umea`. */
export function municipalityRootField(kommun: Pick<Kommun, 'slug'>): string {
  return kommun.slug.replace(/[^a-z0-9]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** Subgraph name in the supergraph (the kommun's slug; the police area's slug). */
export function subgraphName(party: Pick<Kommun | PoliceArea, 'slug'>): string {
  return party.slug;
}

export function defaultSubgraphUrl(party: Pick<Kommun | PoliceArea, 'port'>): string {
  return `http://localhost:${party.port}/graphql`;
}

/** The environment variable that overrides a subgraph's URL at the gateway: `polis-umea` → `SUBGRAPH_URL_POLIS_UMEA`. */
export function subgraphUrlVariable(subgraph: string): string {
  return `SUBGRAPH_URL_${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Where each subgraph of the region answers, by subgraph name: `SUBGRAPH_URL_<NAME>` from the
 * environment where set, else the default local URL.
 */
export function subgraphUrls(within: Region = region, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    [...within.kommuner, within.policeArea].map((party) => {
      const name = subgraphName(party);
      return [name, env[subgraphUrlVariable(name)] || defaultSubgraphUrl(party)];
    }),
  );
}
