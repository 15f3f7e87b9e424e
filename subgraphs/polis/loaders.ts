import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { KommunContactRecord, LocalPoliceAreaRecord, PoliceActivityRecord, PolisDatabase } from './database.js';

export interface PolisLoaders {
  policeAreaById: DataLoader<string, LocalPoliceAreaRecord | null>;
  policeActivitiesByCommitment: DataLoader<string, PoliceActivityRecord[]>;
  contactByKommun: DataLoader<string, KommunContactRecord | null>;
}

/** Request-scoped loaders: one SQL statement per kind of record, however many are asked for. */
export function createPolisLoaders(db: Kysely<PolisDatabase>): PolisLoaders {
  return {
    policeAreaById: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db.selectFrom('localPoliceArea').where('id', 'in', ids).selectAll().execute();
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
    policeActivitiesByCommitment: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db
        .selectFrom('policeActivity')
        .where('commitmentId', 'in', ids)
        .selectAll()
        .orderBy('date')
        .orderBy('id')
        .execute();
      return ids.map((id) => rows.filter((row) => row.commitmentId === id));
    }),
    contactByKommun: new DataLoader(async (codes: readonly string[]) => {
      const rows = await db.selectFrom('kommunContact').where('kommunCode', 'in', codes).selectAll().execute();
      return codes.map((code) => rows.find((row) => row.kommunCode === code) ?? null);
    }),
  };
}
