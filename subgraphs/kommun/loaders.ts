import DataLoader from 'dataloader';
import type { Kysely, Selectable } from 'kysely';
import type { PromiseLoaders } from '../../schema/promise-types.js';
import type { PromiseFilter } from '../../schema/records.js';
import { rowPerKey, rowsPerKey } from '../runtime/batch.js';
import type { KommunDatabase } from './database.js';

/** Activities or follow-ups of many commitments in one statement, oldest first. */
function recordsByCommitment<Table extends 'activity' | 'followUp'>(db: Kysely<KommunDatabase>, table: Table) {
  type Row = Selectable<KommunDatabase[Table]> & { commitmentId: string };
  return new DataLoader<string, Row[]>(async (ids) => {
    const rows = await db
      .selectFrom(table as 'activity' | 'followUp')
      .where('commitmentId', 'in', ids)
      .selectAll()
      .orderBy('date')
      .orderBy('id')
      .execute();
    return rowsPerKey(ids, rows as Row[], (row) => row.commitmentId);
  });
}

/**
 * Request-scoped loaders: each level of a nested query costs one SQL statement, however many
 * rows it has. Drafts are not public: they are read only for the owner and coordinators.
 */
export function createPromiseLoaders(db: Kysely<KommunDatabase>, access: { includeDrafts: boolean }): PromiseLoaders {
  const publicPromises = () => {
    const all = db.selectFrom('citizenPromise').selectAll();
    return access.includeDrafts ? all : all.where('status', '!=', 'DRAFT');
  };

  return {
    promises: new DataLoader(
      (filters: readonly PromiseFilter[]) =>
        Promise.all(
          filters.map(({ status, activeOn }) => {
            let query = publicPromises();
            if (status) query = query.where('status', '=', status);
            if (activeOn) query = query.where('periodStart', '<=', activeOn).where('periodEnd', '>=', activeOn);
            return query.orderBy('periodStart', 'desc').orderBy('id').execute();
          }),
        ),
      { cacheKeyFn: (filter) => JSON.stringify([filter.status ?? null, filter.activeOn ?? null]) },
    ),
    promiseById: new DataLoader(async (ids: readonly string[]) => {
      const rows = await publicPromises().where('id', 'in', ids).execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    commitmentById: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db
        .selectFrom('commitment')
        .innerJoin('citizenPromise', 'citizenPromise.id', 'commitment.promiseId')
        .selectAll('commitment')
        .where('commitment.id', 'in', ids)
        .$if(!access.includeDrafts, (query) => query.where('citizenPromise.status', '!=', 'DRAFT'))
        .execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    signatoriesByPromise: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db.selectFrom('signatory').where('promiseId', 'in', ids).selectAll().orderBy('position').execute();
      return rowsPerKey(ids, rows, (row) => row.promiseId);
    }),
    commitmentsByPromise: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db.selectFrom('commitment').where('promiseId', 'in', ids).selectAll().orderBy('position').execute();
      return rowsPerKey(ids, rows, (row) => row.promiseId);
    }),
    activitiesByCommitment: recordsByCommitment(db, 'activity'),
    followUpsByCommitment: recordsByCommitment(db, 'followUp'),
  };
}
