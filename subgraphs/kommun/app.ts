import type { ApolloServerPlugin } from '@apollo/server';
import type { Kysely } from 'kysely';
import type { KommunContext } from '../../schema/promise-types.js';
import type { Kommun } from '../../schema/region.js';
import { migrateToLatest, openDatabase, type DatabaseConfig } from '../runtime/database.js';
import { serveSubgraph } from '../runtime/serve.js';
import type { KommunDatabase } from './database.js';
import { createPromiseLoaders } from './loaders.js';
import { kommunMigrations } from './migrations/index.js';
import { buildKommunSchema } from './schema.js';
import { seedIfEmpty } from './seed.js';

export interface KommunSubgraphOptions extends DatabaseConfig {
  kommun: Kommun;
  port?: number | undefined;
  host?: string | undefined;
  /** Seed the published promises when the database is empty (default true). */
  seedWhenEmpty?: boolean;
  plugins?: ApolloServerPlugin<KommunContext>[];
}

export interface KommunSubgraph {
  kommun: Kommun;
  url: string;
  db: Kysely<KommunDatabase>;
  stop(): Promise<void>;
}

/** Opens the kommun's database, migrates (and seeds) it, and serves the kommun's subgraph. */
export async function startKommunSubgraph(options: KommunSubgraphOptions): Promise<KommunSubgraph> {
  const { kommun } = options;
  const db = openDatabase<KommunDatabase>(options);
  try {
    await migrateToLatest(db, kommunMigrations);
    if (options.seedWhenEmpty ?? true) await seedIfEmpty(db, kommun);
    const server = await serveSubgraph<KommunContext>({
      schema: buildKommunSchema(kommun),
      context: async () => ({ kommun, loaders: createPromiseLoaders(db) }),
      port: options.port,
      host: options.host,
      plugins: options.plugins,
    });
    return {
      kommun,
      url: server.url,
      db,
      stop: async () => {
        await server.stop();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
