import DataLoader from 'dataloader';
import type { PromiseLoaders, FoundationLoaders } from '../../schema/kommun-read-context.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PromiseFilter } from '../../domain/records.js';
import { rowPerKey, rowsPerKey, wholeList } from '../shared/loader-batching.js';
import { listSituationPictures } from '../../domain/situation-pictures.js';
import type { KommunDatabase } from './database.js';
import type { LinkTable } from './links.js';

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
 * The records of `target` linked to each key through a link table, in one statement for all
 * keys: e.g. the promises each situation picture informed, or the indicators of each commitment.
 */
function linkedRecords<Row>(
  db: Kysely<KommunDatabase>,
  spec: { link: LinkTable; key: string; ref: string; target: keyof KommunDatabase; orderBy: [string, 'asc' | 'desc'][]; publicOnly?: boolean },
): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    // The link and target are chosen from this module's own constants, never from input.
    let query = (db as Kysely<any>)
      .selectFrom(`${spec.link} as link`)
      .innerJoin(`${spec.target} as target`, 'target.id', `link.${spec.ref}`)
      .selectAll('target')
      .select(`link.${spec.key} as linkKey`)
      .where(`link.${spec.key}`, 'in', keys);
    if (spec.publicOnly) query = query.where('target.status', '!=', 'DRAFT');
    for (const [column, direction] of spec.orderBy) query = query.orderBy(`target.${column}`, direction);
    const rows = (await query.orderBy('target.id').execute()) as (Row & { linkKey: string })[];
    return rowsPerKey(keys, rows, (row) => row.linkKey);
  });
}

/**
 * An indicator is public unless it is tied to draft promises only: linked to a draft (itself or
 * through one of its commitments) and to no published promise. Until the promise is published,
 * the indicator made for it is as hidden as the draft.
 */
const shownToPublic = sql<boolean>`not exists (${promisesOfIndicator(sql`p.status = 'DRAFT'`)}) or exists (${promisesOfIndicator(sql`p.status <> 'DRAFT'`)})`;

function promisesOfIndicator(status: ReturnType<typeof sql>) {
  return sql`
    select 1 from promise_indicator pi join citizen_promise p on p.id = pi.promise_id where pi.indicator_id = indicator.id and ${status}
    union all
    select 1 from commitment_indicator ci join commitment c on c.id = ci.commitment_id join citizen_promise p on p.id = c.promise_id
    where ci.indicator_id = indicator.id and ${status}`;
}

/**
 * Request-scoped loaders: each level of a nested query costs one SQL statement, however many
 * rows it has. Drafts are not public: they are read only for the owner and coordinators.
 */
export function createKommunLoaders(db: Kysely<KommunDatabase>, access: { includeDrafts: boolean }): PromiseLoaders & FoundationLoaders {
  return { ...createPromiseLoaders(db, access), ...createFoundationLoaders(db, access) };
}

function createFoundationLoaders(db: Kysely<KommunDatabase>, access: { includeDrafts: boolean }): FoundationLoaders {
  const publicOnly = !access.includeDrafts;
  const newestPromisesFirst: [string, 'asc' | 'desc'][] = [['periodStart', 'desc']];
  return {
    situationPictures: wholeList(() => listSituationPictures(db)),
    citizenDialogues: wholeList(() => db.selectFrom('citizenDialogue').selectAll().orderBy('periodStart', 'desc').orderBy('id').execute()),
    collaborationAgreements: wholeList(() =>
      db.selectFrom('collaborationAgreement').selectAll().orderBy('periodStart', 'desc').orderBy('id').execute(),
    ),
    indicators: wholeList(() =>
      db.selectFrom('indicator').selectAll().$if(publicOnly, (query) => query.where(shownToPublic)).orderBy('name').orderBy('id').execute(),
    ),
    agreementById: new DataLoader(async (ids) => {
      const rows = await db.selectFrom('collaborationAgreement').selectAll().where('id', 'in', ids).execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    indicatorById: new DataLoader(async (ids) => {
      const rows = await db.selectFrom('indicator').selectAll().where('id', 'in', ids).$if(publicOnly, (query) => query.where(shownToPublic)).execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    measurementsByIndicator: new DataLoader(async (ids) => {
      const rows = await db.selectFrom('measurement').selectAll().where('indicatorId', 'in', ids).orderBy('date').orderBy('id').execute();
      return rowsPerKey(ids, rows, (row) => row.indicatorId);
    }),
    promisesByAgreement: new DataLoader(async (ids) => {
      const rows = await db
        .selectFrom('citizenPromise')
        .selectAll()
        .where('agreementId', 'in', ids)
        .$if(publicOnly, (query) => query.where('status', '!=', 'DRAFT'))
        .orderBy('periodStart', 'desc')
        .orderBy('id')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.agreementId!);
    }),
    promisesBySituationPicture: linkedRecords(db, {
      link: 'situationPicturePromise', key: 'situationPictureId', ref: 'promiseId', target: 'citizenPromise', orderBy: newestPromisesFirst, publicOnly,
    }),
    promisesByDialogue: linkedRecords(db, {
      link: 'citizenDialoguePromise', key: 'citizenDialogueId', ref: 'promiseId', target: 'citizenPromise', orderBy: newestPromisesFirst, publicOnly,
    }),
    situationPicturesByPromise: linkedRecords(db, {
      link: 'situationPicturePromise', key: 'promiseId', ref: 'situationPictureId', target: 'situationPicture', orderBy: [['date', 'desc']],
    }),
    dialoguesByPromise: linkedRecords(db, {
      link: 'citizenDialoguePromise', key: 'promiseId', ref: 'citizenDialogueId', target: 'citizenDialogue', orderBy: [['periodStart', 'desc']],
    }),
    indicatorsByPromise: linkedRecords(db, {
      link: 'promiseIndicator', key: 'promiseId', ref: 'indicatorId', target: 'indicator', orderBy: [['name', 'asc']],
    }),
    indicatorsByCommitment: linkedRecords(db, {
      link: 'commitmentIndicator', key: 'commitmentId', ref: 'indicatorId', target: 'indicator', orderBy: [['name', 'asc']],
    }),
  };
}

function createPromiseLoaders(db: Kysely<KommunDatabase>, access: { includeDrafts: boolean }): PromiseLoaders {
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
