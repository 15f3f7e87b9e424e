import type { Kysely } from 'kysely';
import type { Region } from '../../domain/region.js';
import type { PoliceDatabase } from './database.js';
import { policeAreaSeed } from './seed-data.js';

/** Loads the police area's seed data in one transaction; existing rows are left as they are. */
export async function seedPolice(db: Kysely<PoliceDatabase>, region: Region): Promise<number> {
  const { area, contacts, activities, situationPictures } = policeAreaSeed(region);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('localPoliceArea')
      .values(area)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    await trx
      .insertInto('kommunContact')
      .values(contacts)
      .onConflict((oc) => oc.columns(['policeAreaId', 'kommunCode']).doNothing())
      .execute();
    if (activities.length > 0) {
      await trx
        .insertInto('policeActivity')
        .values(activities)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    await trx
      .insertInto('situationPicture')
      .values(situationPictures)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0);
  });
}

export async function seedPoliceIfEmpty(db: Kysely<PoliceDatabase>, region: Region): Promise<number> {
  const existing = await db.selectFrom('localPoliceArea').select('id').limit(1).executeTakeFirst();
  return existing ? 0 : seedPolice(db, region);
}
