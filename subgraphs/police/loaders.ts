import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { SituationPictureRecord } from '../../domain/records.js';
import { listSituationPictures } from '../../domain/situation-pictures.js';
import { rowPerKey, rowsPerKey, wholeList } from '../shared/loader-batching.js';
import type { KommunContactRecord, LocalPoliceAreaRecord, PoliceActivityRecord, PoliceDatabase } from './database.js';

export interface PoliceLoaders {
  policeAreaById: DataLoader<string, LocalPoliceAreaRecord | null>;
  policeActivitiesByCommitment: DataLoader<string, PoliceActivityRecord[]>;
  contactByKommun: DataLoader<string, KommunContactRecord | null>;
  /** Every police activity under each kommun's commitments, by kommunkod, oldest first. */
  policeActivitiesByKommun: DataLoader<string, PoliceActivityRecord[]>;
  /** The police area's lägesbild summaries, newest first (this database holds one area). */
  situationPictures: DataLoader<'all', SituationPictureRecord[]>;
}

/** Request-scoped loaders: one SQL statement per kind of record, however many are asked for. */
export function createPoliceLoaders(db: Kysely<PoliceDatabase>): PoliceLoaders {
  return {
    policeAreaById: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db.selectFrom('localPoliceArea').where('id', 'in', ids).selectAll().execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    policeActivitiesByCommitment: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db
        .selectFrom('policeActivity')
        .where('commitmentId', 'in', ids)
        .selectAll()
        .orderBy('date')
        .orderBy('id')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.commitmentId);
    }),
    contactByKommun: new DataLoader(async (codes: readonly string[]) => {
      const rows = await db.selectFrom('kommunContact').where('kommunCode', 'in', codes).selectAll().execute();
      return rowPerKey(codes, rows, (row) => row.kommunCode);
    }),
    policeActivitiesByKommun: new DataLoader(async (codes: readonly string[]) => {
      const rows = await db
        .selectFrom('policeActivity')
        .where('kommunCode', 'in', codes)
        .selectAll()
        .orderBy('date')
        .orderBy('id')
        .execute();
      return rowsPerKey(codes, rows, (row) => row.kommunCode);
    }),
    situationPictures: wholeList(() => listSituationPictures(db)),
  };
}
