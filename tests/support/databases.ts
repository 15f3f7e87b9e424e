import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { withPostgresClient } from '../../server/database.js';

export interface TestDatabase {
  /** PostgreSQL URL, or undefined for embedded PGlite. */
  databaseUrl: string | undefined;
  /** PGlite's folder, when there is no URL; it outlives a subgraph restart, as on a real machine. */
  dataDir: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one subgraph in one test file. With TEST_DATABASE_URL it is a
 * new PostgreSQL database on that server (named `<its database>_<label>_<random>`), dropped afterwards; without, PGlite in a temporary folder.
 * `embedded` asks for PGlite even when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(
  label: string,
  options: { embedded?: boolean; template?: string } = {},
): Promise<TestDatabase> {
  const serverUrl = options.embedded ? undefined : process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), `loftesnavet-test-${label}-`));
    return { databaseUrl: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }

  // Named after TEST_DATABASE_URL's own database, so a CI run can clean up exactly its own.
  const base = decodeURIComponent(new URL(serverUrl).pathname.slice(1)) || 'loftesnavet';
  const name = `${base}_${label.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`.slice(0, 63);
  await withPostgresClient(serverUrl, async (client) => {
    if (options.template) await cloneWhenFree(client, name, options.template);
    else await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: undefined,
    drop: () => withPostgresClient(serverUrl, (client) => dropWhenClosed(client, name)),
  };
}

/**
 * A test database (as `createTestDatabase` makes one) holding what `sqlScript` creates, e.g. a
 * pg_dump; loaded over a connection of its own, closed before the database is handed over.
 */
export async function restoreTestDatabase(
  label: string,
  sqlScript: string,
  options: { embedded?: boolean } = {},
): Promise<TestDatabase> {
  const database = await createTestDatabase(label, options);
  if (database.databaseUrl) {
    await withPostgresClient(database.databaseUrl, (client) => client.query(sqlScript));
  } else {
    const pglite = new PGlite({ dataDir: database.dataDir });
    try {
      await pglite.exec(sqlScript);
    } finally {
      await pglite.close();
    }
  }
  return database;
}

/**
 * `pg`'s pool.end() resolves before the server has closed every connection, so a dropped
 * database may still have sessions for a moment: wait for them rather than kill them.
 */
async function dropWhenClosed(client: pg.Client, name: string): Promise<void> {
  try {
    await whenNotInUse(async () => {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/** A clone waits while another session is still connected to its template (another clone, as a rule). */
function cloneWhenFree(client: pg.Client, name: string, template: string): Promise<void> {
  return whenNotInUse(async () => {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
}

/** Runs `statement` again while PostgreSQL says a database it needs is still in use (55006), up to 5 s. */
export async function whenNotInUse(statement: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error; // object_in_use
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
