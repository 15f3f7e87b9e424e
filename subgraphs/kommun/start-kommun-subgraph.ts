import { canReadInternal } from '../../domain/access.js';
import { region as defaultRegion, type Kommun, type Region, subgraphName } from '../../domain/region.js';
import { type RunningSubgraph, type SubgraphOptions, startSubgraph } from '../shared/start-subgraph.js';
import type { KommunDatabase } from './database.js';
import { FoundationWrites } from './foundation-writes.js';
import type { KommunContext } from './kommun-context.js';
import { createKommunLoaders } from './loaders.js';
import { kommunMigrations } from './migrations/index.js';
import { buildKommunSchema } from './schema.js';
import { seedNewRecords } from './seed.js';
import { PromiseWrites } from './writes.js';

export interface KommunSubgraphOptions extends SubgraphOptions<KommunContext> {
  kommun: Kommun;
  region?: Region;
}

export interface KommunSubgraph extends RunningSubgraph<KommunDatabase> {
  kommun: Kommun;
}

/** Starts one kommun's subgraph over its own database. */
export async function startKommunSubgraph(options: KommunSubgraphOptions): Promise<KommunSubgraph> {
  const { kommun } = options;
  const subgraph = await startSubgraph<KommunDatabase, KommunContext>(
    {
      name: subgraphName(kommun),
      region: options.region ?? defaultRegion,
      migrations: kommunMigrations,
      seedOnStart: (db) => seedNewRecords(db, kommun),
      schema: buildKommunSchema(kommun),
      context: async (db, viewer, { idempotencyKey }) => ({
        kommun,
        viewer,
        db,
        loaders: createKommunLoaders(db, { includeDrafts: canReadInternal(viewer, kommun.slug) }),
        writes: new PromiseWrites(db, kommun, idempotencyKey),
        foundationWrites: new FoundationWrites(db, kommun, idempotencyKey),
      }),
    },
    options,
  );
  return { ...subgraph, kommun };
}
