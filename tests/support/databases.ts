import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** PostgreSQL URL, or undefined for an in-memory PGlite database. */
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one subgraph in one test file. With TEST_DATABASE_URL it is a
 * new PostgreSQL database on that server, dropped afterwards; without, PGlite in memory.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { databaseUrl: undefined, drop: async () => {} };

  const name = `loftesnavet_test_${label.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdminClient<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);
