import { region as defaultRegion, type Region, subgraphName, subgraphUrls } from '../../domain/region.js';
import { subgraphSecretFromEnv } from '../../server/subgraph-signature.js';
import {
  type RunningSubgraph,
  type SubgraphDefinition,
  type SubgraphOptions,
  startSubgraph,
} from '../shared/start-subgraph.js';
import { type CommitmentCheck, commitmentCheckOverHttp } from './commitment-check.js';
import type { PoliceDatabase } from './database.js';
import { createPoliceLoaders } from './loaders.js';
import { policeMigrations } from './migrations/index.js';
import { buildPoliceSchema, type PoliceContext } from './schema.js';
import { seedPoliceIfEmpty } from './seed.js';
import { PoliceWrites } from './writes.js';

export interface PoliceSubgraphOptions extends SubgraphOptions<PoliceContext> {
  region?: Region;
  /** How a police activity's commitment is checked with its kommun (default: over HTTP, see kommunUrls). */
  commitmentCheck?: CommitmentCheck;
  /** Kommun subgraph URLs by slug (default: SUBGRAPH_URL_<SLUG> or the default local URLs). */
  kommunUrls?: Record<string, string>;
}

/** What makes the police area's subgraph: its migrations, seed, schema and request context. */
export function policeSubgraphDefinition(
  region: Region,
  commitmentExists: CommitmentCheck,
): SubgraphDefinition<PoliceDatabase, PoliceContext> {
  return {
    name: subgraphName(region.policeArea),
    region,
    migrations: policeMigrations,
    seedOnStart: (db) => seedPoliceIfEmpty(db, region),
    schema: buildPoliceSchema(region),
    context: async (db, viewer, { idempotencyKey }) => ({
      region,
      viewer,
      db,
      loaders: createPoliceLoaders(db),
      writes: new PoliceWrites(db, region, commitmentExists, idempotencyKey),
    }),
  };
}

/** Starts the police area's subgraph over its own database. */
export function startPoliceSubgraph(options: PoliceSubgraphOptions): Promise<RunningSubgraph<PoliceDatabase>> {
  const region = options.region ?? defaultRegion;
  const commitmentExists =
    options.commitmentCheck ??
    commitmentCheckOverHttp(
      options.kommunUrls ?? subgraphUrls(region),
      options.subgraphSecret ?? subgraphSecretFromEnv(),
    );
  return startSubgraph(policeSubgraphDefinition(region, commitmentExists), options);
}
