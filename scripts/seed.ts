import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKommun, region } from '../domain/region.js';
import type { DatabaseConfig } from '../server/database.js';
import { seedParties } from './seed-parties.js';

/**
 * Seeds one deployment's databases (compiled to `dist/scripts/seed.js` for production): one
 * party's PostgreSQL database, `DATABASE_URL=... node dist/scripts/seed.js --kommun umea` or
 * `--police`; without DATABASE_URL, the embedded PGlite databases in `.data/<slug>`. Existing
 * rows are kept, so running it again changes nothing. The hub of `npm start` is seeded by
 * `npm run seed` (scripts/seed-hub.ts).
 */
const { values } = parseArgs({ options: { kommun: { type: 'string' }, police: { type: 'boolean' } } });
const databaseUrl = process.env.DATABASE_URL || undefined;
if (databaseUrl && !values.kommun && !values.police) {
  console.error('With DATABASE_URL, name the one database it is: --kommun <slug> or --police');
  process.exit(2);
}
const config = (slug: string): DatabaseConfig =>
  databaseUrl ? { databaseUrl } : { dataDir: path.join('.data', slug) };

await seedParties(config, {
  kommuner: values.kommun ? [findKommun(values.kommun)] : values.police ? [] : region.kommuner,
  police: values.police || !values.kommun,
});
