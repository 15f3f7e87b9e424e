import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** PostgreSQL URL, or undefined for embedded PGlite. */
  databaseUrl: string | undefined;
  /** PGlite's folder, when there is no URL; it outlives a subgraph restart, as on a real machine. */
  dataDir: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one subgraph in one test file. With TEST_DATABASE_URL it is a
 * new PostgreSQL database on that server, dropped afterwards; without, PGlite in a temporary folder.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), `loftesnavet-test-${label}-`));
    return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }

  const name = `loftesnavet_test_${label.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: undefined,
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
