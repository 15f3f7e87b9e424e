import path from 'node:path';
import { parseArgs } from 'node:util';
import { findKommun, region } from '../domain/region.js';
import { projectRoot } from '../server/project-root.js';
import { openEmbeddedDatabases } from './embedded-databases.js';
import { seedParties } from './seed-parties.js';

/**
 * `npm run seed`: migrates and seeds the databases of the hub `npm start` runs (in `.data/`, or
 * DATA_ROOT; see embedded-databases.ts), every party's or, with `-- --kommun <slug>` or
 * `-- --police`, one. Stop `npm start` first: the data folder belongs to one process at a time.
 * Existing rows are kept, so running it again changes nothing. With DATABASE_URL, one party's
 * PostgreSQL database, as scripts/seed.ts does.
 */
const { values } = parseArgs({ options: { kommun: { type: 'string' }, police: { type: 'boolean' } } });
const parties = {
  kommuner: values.kommun ? [findKommun(values.kommun)] : values.police ? [] : region.kommuner,
  police: values.police || !values.kommun,
};
if (process.env.DATABASE_URL) {
  await import('./seed.js');
} else {
  const databases = await openEmbeddedDatabases({
    dataRoot: path.resolve(process.env.DATA_ROOT || path.join(projectRoot, '.data')),
    slugs: [...region.kommuner, region.policeArea].map((party) => party.slug),
  });
  try {
    await seedParties((slug) => databases.bySlug[slug]!, parties);
  } finally {
    await databases.stop();
  }
}
