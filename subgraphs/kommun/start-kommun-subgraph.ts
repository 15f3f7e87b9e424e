import { canReadInternal } from '../../domain/access.js';
import { region as defaultRegion, type Kommun, type Region, subgraphName } from '../../domain/region.js';
import {
  type RunningSubgraph,
  type SubgraphDefinition,
  type SubgraphOptions,
  startSubgraph,
} from '../shared/start-subgraph.js';
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

/** What makes one kommun's subgraph: its migrations, seed, schema and request context. */
export function kommunSubgraphDefinition(
  kommun: Kommun,
  region: Region = defaultRegion,
): SubgraphDefinition<KommunDatabase, KommunContext> {
  return {
    name: subgraphName(kommun),
    region,
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
  };
}

/** Starts one kommun's subgraph over its own database. */
export async function startKommunSubgraph(options: KommunSubgraphOptions): Promise<KommunSubgraph> {
  const subgraph = await startSubgraph(kommunSubgraphDefinition(options.kommun, options.region), options);
  return { ...subgraph, kommun: options.kommun };
}
