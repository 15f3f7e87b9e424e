import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import { dataSourceKinds, sourceKinds, type DataSourceKind } from './enums.js';
import { notFound } from './errors.js';
import { ENTERED, type SituationPictureRecord } from './records.js';

import * as valid from './validation.js';
import { auditedChange, type AuditedDatabase, type Editor, type IdempotentCreate } from './audit-log.js';
import { allOf, oneOf } from '../subgraphs/shared/check-constraints.js';
import { updateVersioned } from './versioned-records.js';

/**
 * Lägesbild summaries, kept alike by every owner: each kommun's database and the police area's
 * have a `situation_picture` table of the same shape, written through the same validated,
 * versioned and audited functions. Only summaries belong here, never police intelligence.
 */
export type SituationPictureTable = Omit<SituationPictureRecord, 'version'> & {
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
};

export interface SituationPictureDatabase extends AuditedDatabase {
  situationPicture: SituationPictureTable;
}

export interface SituationPictureInput {
  date: string;
  period: { start: string; end: string };
  title: string;
  summary: string;
  prioritisedProblems: string[];
  dataSources: DataSourceKind[];
}

/** The table, created by a migration of each owning database. */
export async function createSituationPictureTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('situation_picture')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('period_start', 'date', (col) => col.notNull())
    .addColumn('period_end', 'date', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('prioritised_problems', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('data_sources', sql`text[]`, (col) => col.notNull().check(allOf('data_sources', dataSourceKinds)))
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('situation_picture_period_order', sql`period_start <= period_end`)
    .execute();
}

// Kysely's builders are invariant in the database type; these functions touch only situationPicture and auditEntry.
const own = <DB extends SituationPictureDatabase>(db: Kysely<DB>) => db as unknown as Kysely<SituationPictureDatabase>;

/** Every situation picture of the owner, newest first. */
export function listSituationPictures<DB extends SituationPictureDatabase>(db: Kysely<DB>): Promise<SituationPictureRecord[]> {
  return own(db).selectFrom('situationPicture').selectAll().orderBy('date', 'desc').orderBy('id').execute();
}

export function validSituationPicture(input: SituationPictureInput) {
  const { start, end } = valid.period(input.period.start, input.period.end, 'input.period');
  return {
    date: input.date,
    periodStart: start,
    periodEnd: end,
    title: valid.requiredText(input.title, 'input.title', valid.maxLength.title),
    summary: valid.requiredText(input.summary, 'input.summary', valid.maxLength.summary),
    prioritisedProblems: valid.textList(input.prioritisedProblems, 'input.prioritisedProblems', valid.maxLength.item),
    dataSources: valid.enumList(input.dataSources, 'input.dataSources'),
  };
}

type Trx = Transaction<SituationPictureDatabase>;

/** Records a new situation picture for `editor`'s organisation; `alsoInTransaction` adds the owner's links. */
export function createSituationPicture<DB extends SituationPictureDatabase>(
  db: Kysely<DB>,
  editor: Editor,
  /** The new record's id, the audit log's name for the change (the mutation's), and its idempotency key if any. */
  record: { id: string; action: string; idempotency?: IdempotentCreate | undefined },
  input: SituationPictureInput,
  alsoInTransaction: (trx: Trx, record: SituationPictureRecord) => Promise<object> = async () => ({}),
): Promise<SituationPictureRecord> {
  const values = validSituationPicture(input);
  return auditedChange(own(db), editor, { action: record.action, recordType: 'SituationPicture', idempotency: record.idempotency }, async (trx) => {
    const created = await trx
      .insertInto('situationPicture')
      .values({ id: record.id, ...values, ...ENTERED })
      .returningAll()
      .executeTakeFirstOrThrow();
    const links = await alsoInTransaction(trx, created);
    return { before: null, after: created, audited: { ...created, ...links } };
  });
}

/** Replaces a situation picture's content, if nobody changed it since `expectedVersion`. */
export function updateSituationPicture<DB extends SituationPictureDatabase>(
  db: Kysely<DB>,
  editor: Editor,
  owner: string,
  change: { id: string; expectedVersion: number; input: SituationPictureInput; action: string },
  alsoInTransaction: (trx: Trx, record: SituationPictureRecord) => Promise<{ before: object; after: object }> = async () => ({ before: {}, after: {} }),
): Promise<SituationPictureRecord> {
  const values = validSituationPicture(change.input);
  return auditedChange(own(db), editor, { action: change.action, recordType: 'SituationPicture' }, async (trx) => {
    const { before, after } = await updateVersioned<SituationPictureRecord>(
      trx,
      'situationPicture',
      change.id,
      { what: 'Situation picture', expectedVersion: change.expectedVersion, missing: () => notFound(`${owner} has no situation picture ${change.id}`) },
      values,
    );
    const links = await alsoInTransaction(trx, after);
    return { before: { ...before, ...links.before }, after, audited: { ...after, ...links.after } };
  });
}
