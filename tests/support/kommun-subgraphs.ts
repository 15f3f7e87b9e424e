import type { Kommun } from '../../domain/region.js';
import {
  type KommunSubgraph,
  type KommunSubgraphOptions,
  startKommunSubgraph,
} from '../../subgraphs/kommun/start-kommun-subgraph.js';
import { createTestDatabase } from './databases.js';

export interface TestKommunSubgraph extends KommunSubgraph {
  /** SQL statements the subgraph has executed since it started. */
  statements: string[];
}

/** Starts a kommun subgraph on a free loopback port over its own fresh test database. */
export async function startTestKommunSubgraph(
  kommun: Kommun,
  options: Partial<KommunSubgraphOptions> = {},
): Promise<TestKommunSubgraph> {
  const database = await createTestDatabase(kommun.slug);
  const statements: string[] = [];
  const subgraph = await startKommunSubgraph({
    kommun,
    databaseUrl: database.databaseUrl,
    dataDir: database.dataDir,
    onQuery: (sql) => statements.push(sql),
    ...options,
  });
  return {
    ...subgraph,
    statements,
    stop: async () => {
      await subgraph.stop();
      await database.drop();
    },
  };
}
