import DataLoader from 'dataloader';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { PromiseFilter } from '../../domain/records.js';
import { listSituationPictures } from '../../domain/situation-pictures.js';
import type { FoundationLoaders, PageLoaders, PromiseLoaders } from '../../schema/kommun-read-context.js';
import { rowPerKey, rowsPerKey, wholeList } from '../shared/loader-batching.js';
import type { KommunDatabase } from './database.js';
import type { LinkTable } from './links.js';
import { pagesOf } from './page-loaders.js';

/** Lists per commitment (activities, follow-ups), from one statement `rows` makes for all the commitments asked for. */
function byCommitment<Row extends { commitmentId: string }>(
  rows: (commitmentIds: readonly string[]) => Promise<Row[]>,
) {
  return new DataLoader<string, Row[]>(async (ids) => rowsPerKey(ids, await rows(ids), (row) => row.commitmentId));
}

/** Tables whose records are linked to promises, commitments or each other through a link table. */
type LinkedTable = 'citizenPromise' | 'situationPicture' | 'citizenDialogue' | 'indicator';

/**
 * The records of `target` linked to each key through a link table, in one statement for all
 * keys: e.g. the promises each situation picture informed, or the indicators of each commitment.
 */
function linkedRecords<Link extends LinkTable, Target extends LinkedTable>(
  db: Kysely<KommunDatabase>,
  spec: {
    link: Link;
    /** The link's column holding the loader's keys, and the one naming the target. */
    key: keyof KommunDatabase[Link] & string;
    ref: keyof KommunDatabase[Link] & string;
    target: Target;
    orderBy: [keyof KommunDatabase[Target] & string, 'asc' | 'desc'][];
    publicOnly?: boolean;
  },
): DataLoader<string, Selectable<KommunDatabase[Target]>[]> {
  type Row = Selectable<KommunDatabase[Target]> & { linkKey: string };
  return new DataLoader(async (keys) => {
    // Kysely cannot type a join of tables named by type parameters (kysely-org/kysely#1669), so this
    // statement is built untyped from names the signature checks; they come from this module's
    // own constants, never from input.
    const untyped: Kysely<any> = db;
    const { link, key, ref, target }: Record<'link' | 'key' | 'ref' | 'target', string> = spec;
    let query = untyped
      .selectFrom(`${link} as link`)
      .innerJoin(`${target} as target`, 'target.id', `link.${ref}`)
      .selectAll('target')
      .select(`link.${key} as linkKey`)
      .where(`link.${key}`, 'in', keys);
    if (spec.publicOnly) query = query.where('target.status', '!=', 'DRAFT');
    for (const [column, direction] of spec.orderBy) {
      const by: string = `target.${column}`;
      query = query.orderBy(by, direction);
    }
    const rows = (await query.orderBy('target.id').execute()) as Row[];
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
export function createKommunLoaders(
  db: Kysely<KommunDatabase>,
  access: { includeDrafts: boolean },
): PromiseLoaders & FoundationLoaders & PageLoaders {
  return {
    ...createPromiseLoaders(db, access),
    ...createFoundationLoaders(db, access),
    activityPages: pagesOf(db, 'activity', 'commitment_id'),
    followUpPages: pagesOf(db, 'follow_up', 'commitment_id'),
    measurementPages: pagesOf(db, 'measurement', 'indicator_id'),
  };
}

function createFoundationLoaders(db: Kysely<KommunDatabase>, access: { includeDrafts: boolean }): FoundationLoaders {
  const publicOnly = !access.includeDrafts;
  const newestPromisesFirst: ['periodStart', 'desc'][] = [['periodStart', 'desc']];
  return {
    situationPictures: wholeList(() => listSituationPictures(db)),
    citizenDialogues: wholeList(() =>
      db.selectFrom('citizenDialogue').selectAll().orderBy('periodStart', 'desc').orderBy('id').execute(),
    ),
    collaborationAgreements: wholeList(() =>
      db.selectFrom('collaborationAgreement').selectAll().orderBy('periodStart', 'desc').orderBy('id').execute(),
    ),
    indicators: wholeList(() =>
      db
        .selectFrom('indicator')
        .selectAll()
        .$if(publicOnly, (query) => query.where(shownToPublic))
        .orderBy('name')
        .orderBy('id')
        .execute(),
    ),
    agreementById: new DataLoader(async (ids) => {
      const rows = await db.selectFrom('collaborationAgreement').selectAll().where('id', 'in', ids).execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    indicatorById: new DataLoader(async (ids) => {
      const rows = await db
        .selectFrom('indicator')
        .selectAll()
        .where('id', 'in', ids)
        .$if(publicOnly, (query) => query.where(shownToPublic))
        .execute();
      return rowPerKey(ids, rows, (row) => row.id);
    }),
    measurementsByIndicator: new DataLoader(async (ids) => {
      const rows = await db
        .selectFrom('measurement')
        .selectAll()
        .where('indicatorId', 'in', ids)
        .orderBy('date')
        .orderBy('id')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.indicatorId);
    }),
    correctionsByMeasurement: new DataLoader(async (ids) => {
      const rows = await db
        .selectFrom('measurementCorrection')
        .selectAll()
        .where('measurementId', 'in', ids)
        .orderBy('id')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.measurementId);
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
      link: 'situationPicturePromise',
      key: 'situationPictureId',
      ref: 'promiseId',
      target: 'citizenPromise',
      orderBy: newestPromisesFirst,
      publicOnly,
    }),
    promisesByDialogue: linkedRecords(db, {
      link: 'citizenDialoguePromise',
      key: 'citizenDialogueId',
      ref: 'promiseId',
      target: 'citizenPromise',
      orderBy: newestPromisesFirst,
      publicOnly,
    }),
    situationPicturesByPromise: linkedRecords(db, {
      link: 'situationPicturePromise',
      key: 'promiseId',
      ref: 'situationPictureId',
      target: 'situationPicture',
      orderBy: [['date', 'desc']],
    }),
    dialoguesByPromise: linkedRecords(db, {
      link: 'citizenDialoguePromise',
      key: 'promiseId',
      ref: 'citizenDialogueId',
      target: 'citizenDialogue',
      orderBy: [['periodStart', 'desc']],
    }),
    indicatorsByPromise: linkedRecords(db, {
      link: 'promiseIndicator',
      key: 'promiseId',
      ref: 'indicatorId',
      target: 'indicator',
      orderBy: [['name', 'asc']],
    }),
    indicatorsByCommitment: linkedRecords(db, {
      link: 'commitmentIndicator',
      key: 'commitmentId',
      ref: 'indicatorId',
      target: 'indicator',
      orderBy: [['name', 'asc']],
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
          filters.map(({ status, activeOn, periodFrom, periodTo, focusArea, responsible }) => {
            let query = publicPromises();
            if (status) query = query.where('status', '=', status);
            if (activeOn) query = query.where('periodStart', '<=', activeOn).where('periodEnd', '>=', activeOn);
            if (periodFrom) query = query.where('periodEnd', '>=', periodFrom);
            if (periodTo) query = query.where('periodStart', '<=', periodTo);
            if (focusArea) query = query.where(sql<boolean>`${focusArea} = any(focus_areas)`);
            if (responsible) {
              query = query.where(({ exists, selectFrom }) =>
                exists(
                  selectFrom('commitment')
                    .select('commitment.id')
                    .whereRef('commitment.promiseId', '=', 'citizenPromise.id')
                    .where('commitment.responsible', '=', responsible),
                ),
              );
            }
            return query.orderBy('periodStart', 'desc').orderBy('id').execute();
          }),
        ),
      {
        cacheKeyFn: (filter) =>
          JSON.stringify(
            [
              filter.status,
              filter.activeOn,
              filter.periodFrom,
              filter.periodTo,
              filter.focusArea,
              filter.responsible,
            ].map((v) => v ?? null),
          ),
      },
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
      const rows = await db
        .selectFrom('signatory')
        .where('promiseId', 'in', ids)
        .selectAll()
        .orderBy('position')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.promiseId);
    }),
    commitmentsByPromise: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db
        .selectFrom('commitment')
        .where('promiseId', 'in', ids)
        .selectAll()
        .orderBy('position')
        .execute();
      return rowsPerKey(ids, rows, (row) => row.promiseId);
    }),
    activitiesByCommitment: byCommitment((ids) =>
      db.selectFrom('activity').selectAll().where('commitmentId', 'in', ids).orderBy('date').orderBy('id').execute(),
    ),
    followUpsByCommitment: byCommitment((ids) =>
      db.selectFrom('followUp').selectAll().where('commitmentId', 'in', ids).orderBy('date').orderBy('id').execute(),
    ),
    publishedAtByPromise: new DataLoader(async (ids: readonly string[]) => {
      const rows = await db
        .selectFrom('auditEntry')
        .select(['recordId', (eb) => eb.fn.min('at').as('at')])
        .where('action', '=', 'publishPromise')
        .where('recordId', 'in', ids)
        .groupBy('recordId')
        .execute();
      return rowPerKey(ids, rows, (row) => row.recordId).map((row) => (row ? new Date(row.at) : null));
    }),
  };
}
