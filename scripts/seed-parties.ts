import { type Kommun, region } from '../domain/region.js';
import { type DatabaseConfig, migrateToLatest, openDatabase } from '../server/database.js';
import type { KommunDatabase } from '../subgraphs/kommun/database.js';
import { kommunMigrations } from '../subgraphs/kommun/migrations/index.js';
import { seedKommun } from '../subgraphs/kommun/seed.js';
import type { PoliceDatabase } from '../subgraphs/police/database.js';
import { policeMigrations } from '../subgraphs/police/migrations/index.js';
import { seedPolice } from '../subgraphs/police/seed.js';

/** Migrates and seeds the given kommuner's databases and, with `police`, the police area's, reporting each. */
export async function seedParties(
  databaseOf: (slug: string) => DatabaseConfig,
  parties: { kommuner: readonly Kommun[]; police: boolean },
): Promise<void> {
  for (const kommun of parties.kommuner) {
    const db = openDatabase<KommunDatabase>(databaseOf(kommun.slug));
    try {
      await migrateToLatest(db, kommunMigrations);
      console.log(`${kommun.organisation}: ${await seedKommun(db, kommun)} new promises`);
    } finally {
      await db.destroy();
    }
  }
  if (parties.police) {
    const db = openDatabase<PoliceDatabase>(databaseOf(region.policeArea.slug));
    try {
      await migrateToLatest(db, policeMigrations);
      console.log(`${region.policeArea.name}: ${(await seedPolice(db, region)) ? 'seeded' : 'already seeded'}`);
    } finally {
      await db.destroy();
    }
  }
}
