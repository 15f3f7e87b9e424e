import type { Region } from '../../schema/region.js';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from '../runtime/subgraph.js';
import type { PolisDatabase } from './database.js';
import { createPolisLoaders } from './loaders.js';
import { polisMigrations } from './migrations/index.js';
import { buildPolisSchema, type PolisContext } from './schema.js';
import { seedPolisIfEmpty } from './seed.js';

export interface PolisSubgraphOptions extends SubgraphOptions<PolisContext> {
  region: Region;
}

/** Starts the police area's subgraph over its own database. */
export function startPolisSubgraph(options: PolisSubgraphOptions): Promise<RunningSubgraph<PolisDatabase>> {
  const { region } = options;
  return startSubgraph<PolisDatabase, PolisContext>(
    {
      migrations: polisMigrations,
      seedIfEmpty: (db) => seedPolisIfEmpty(db, region),
      schema: buildPolisSchema(region),
      context: async (db) => ({ region, loaders: createPolisLoaders(db) }),
    },
    options,
  );
}
