import { region as defaultRegion, subgraphName, subgraphUrls, type Region } from '../../schema/region.js';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from '../runtime/subgraph.js';
import { commitmentCheckOverHttp, type CommitmentCheck } from './commitment-check.js';
import type { PolisDatabase } from './database.js';
import { createPolisLoaders } from './loaders.js';
import { polisMigrations } from './migrations/index.js';
import { buildPolisSchema, type PolisContext } from './schema.js';
import { seedPolisIfEmpty } from './seed.js';
import { PoliceWrites } from './writes.js';

export interface PolisSubgraphOptions extends SubgraphOptions<PolisContext> {
  region?: Region;
  /** How a police activity's commitment is checked with its kommun (default: over HTTP, see kommunUrls). */
  commitmentCheck?: CommitmentCheck;
  /** Kommun subgraph URLs by slug (default: SUBGRAPH_URL_<SLUG> or the default local URLs). */
  kommunUrls?: Record<string, string>;
}

/** Starts the police area's subgraph over its own database. */
export function startPolisSubgraph(options: PolisSubgraphOptions): Promise<RunningSubgraph<PolisDatabase>> {
  const region = options.region ?? defaultRegion;
  const commitmentExists = options.commitmentCheck ?? commitmentCheckOverHttp(options.kommunUrls ?? subgraphUrls(region));
  return startSubgraph<PolisDatabase, PolisContext>(
    {
      name: subgraphName(region.policeArea),
      region,
      migrations: polisMigrations,
      seedIfEmpty: (db) => seedPolisIfEmpty(db, region),
      schema: buildPolisSchema(region),
      context: async (db, viewer) => ({
        region,
        viewer,
        db,
        loaders: createPolisLoaders(db),
        writes: new PoliceWrites(db, region, commitmentExists),
      }),
    },
    options,
  );
}
