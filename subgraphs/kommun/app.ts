import type { KommunContext } from '../../schema/promise-types.js';
import type { Kommun } from '../../schema/region.js';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from '../runtime/subgraph.js';
import type { KommunDatabase } from './database.js';
import { createPromiseLoaders } from './loaders.js';
import { kommunMigrations } from './migrations/index.js';
import { buildKommunSchema } from './schema.js';
import { seedIfEmpty } from './seed.js';

export interface KommunSubgraphOptions extends SubgraphOptions<KommunContext> {
  kommun: Kommun;
}

export interface KommunSubgraph extends RunningSubgraph<KommunDatabase> {
  kommun: Kommun;
}

/** Starts one kommun's subgraph over its own database. */
export async function startKommunSubgraph(options: KommunSubgraphOptions): Promise<KommunSubgraph> {
  const { kommun } = options;
  const subgraph = await startSubgraph<KommunDatabase, KommunContext>(
    {
      migrations: kommunMigrations,
      seedIfEmpty: (db) => seedIfEmpty(db, kommun),
      schema: buildKommunSchema(kommun),
      context: async (db) => ({ kommun, loaders: createPromiseLoaders(db) }),
    },
    options,
  );
  return { ...subgraph, kommun };
}
