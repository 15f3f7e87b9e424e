import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openEmbeddedDatabases, type PartyDatabase } from '../../scripts/embedded-databases.js';
import { openDatabase, withPostgresClient } from '../../server/database.js';

// The databases `npm start` and `npm run seed` use: one embedded PostgreSQL server with a database
// and a role per party, except for a party whose folder already holds a PGlite database.

const urlOf = (database: PartyDatabase | undefined) => {
  if (!database || !('databaseUrl' in database)) throw new Error(`Not on the server: ${JSON.stringify(database)}`);
  return database.databaseUrl;
};

it('gives each party its own database on one server, keeps what was written across a restart, and leaves an earlier PGlite folder in place', {
  timeout: 180_000,
}, async () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'loftesnavet-embedded-'));
  try {
    // A PGlite database made by an earlier version for Vännäs.
    const earlier = openDatabase<any>({ dataDir: path.join(dataRoot, 'vannas') });
    await sql`create table note (text text)`.execute(earlier);
    await sql`insert into note values ('från förr: åäö')`.execute(earlier);
    await earlier.destroy();

    const slugs = ['umea', 'polis-umea', 'vannas'];
    let databases = await openEmbeddedDatabases({ dataRoot, slugs });
    try {
      expect(databases.bySlug.vannas).toEqual({ dataDir: path.join(dataRoot, 'vannas') });
      const umea = urlOf(databases.bySlug.umea);
      const police = urlOf(databases.bySlug['polis-umea']);
      expect(await withPostgresClient(umea, async (c) => (await c.query('select current_user as who')).rows)).toEqual([
        { who: 'umea' },
      ]);
      await withPostgresClient(umea, (c) => c.query(`create table note (text text); insert into note values ('Umeå')`));
      // Umeå's credentials open no other party's database.
      const umeaIntoPolice = umea.replace('/umea?', '/polis-umea?');
      await expect(withPostgresClient(umeaIntoPolice, (c) => c.query('select 1'))).rejects.toThrow(
        'permission denied for database "polis-umea"',
      );
      expect(await withPostgresClient(police, async (c) => (await c.query('select current_user as who')).rows)).toEqual(
        [{ who: 'polis-umea' }],
      );
      // While the server runs, a second opener of the data root is refused, naming the holder.
      await expect(openEmbeddedDatabases({ dataRoot, slugs })).rejects.toThrow(
        `The data folder ${dataRoot} is in use by process ${process.pid}`,
      );
    } finally {
      await databases.stop();
    }

    databases = await openEmbeddedDatabases({ dataRoot, slugs });
    try {
      const umea = urlOf(databases.bySlug.umea);
      expect(await withPostgresClient(umea, async (c) => (await c.query('select text from note')).rows)).toEqual([
        { text: 'Umeå' },
      ]);
    } finally {
      await databases.stop();
    }
    const vannas = openDatabase<any>({ dataDir: path.join(dataRoot, 'vannas') });
    expect((await sql`select text from note`.execute(vannas)).rows).toEqual([{ text: 'från förr: åäö' }]);
    await vannas.destroy();
  } finally {
    rmSync(dataRoot, { recursive: true, force: true });
  }
});
