import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKommun, region } from '../domain/region.js';
import { type DatabaseConfig, migrateToLatest, openDatabase } from '../server/database.js';
import type { KommunDatabase } from '../subgraphs/kommun/database.js';
import { kommunMigrations } from '../subgraphs/kommun/migrations/index.js';
import { seedKommun } from '../subgraphs/kommun/seed.js';
import type { PoliceDatabase } from '../subgraphs/police/database.js';
import { policeMigrations } from '../subgraphs/police/migrations/index.js';
import { seedPolice } from '../subgraphs/police/seed.js';

/**
 * `npm run seed`: migrates and seeds every embedded database under `.data/` (stop `npm start`
 * first: an embedded database belongs to one process at a time). Existing rows are kept, so
 * running it again changes nothing.
 * One party's PostgreSQL database: `DATABASE_URL=... npm run seed -- --kommun umea` or `-- --police`.
 */
const { values } = parseArgs({ options: { kommun: { type: 'string' }, police: { type: 'boolean' } } });
const databaseUrl = process.env.DATABASE_URL || undefined;
if (databaseUrl && !values.kommun && !values.police) {
  console.error('With DATABASE_URL, name the one database it is: --kommun <slug> or --police');
  process.exit(2);
}
const config = (slug: string): DatabaseConfig =>
  databaseUrl ? { databaseUrl } : { dataDir: path.join('.data', slug) };

const kommuner = values.kommun ? [findKommun(values.kommun)] : values.police ? [] : region.kommuner;
for (const kommun of kommuner) {
  const db = openDatabase<KommunDatabase>(config(kommun.slug));
  try {
    await migrateToLatest(db, kommunMigrations);
    console.log(`${kommun.organisation}: ${await seedKommun(db, kommun)} new promises`);
  } finally {
    await db.destroy();
  }
}
if (values.police || !values.kommun) {
  const db = openDatabase<PoliceDatabase>(config(region.policeArea.slug));
  try {
    await migrateToLatest(db, policeMigrations);
    console.log(`${region.policeArea.name}: ${(await seedPolice(db, region)) ? 'seeded' : 'already seeded'}`);
  } finally {
    await db.destroy();
  }
}
