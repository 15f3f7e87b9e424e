import type { Kysely, Transaction } from 'kysely';
import { auditedChange, type Editor } from './audit-log.js';
import type { DataSourceKind } from './enums.js';
import { notFound } from './errors.js';
import type { IdempotentCreate } from './idempotency-keys.js';
import { applyPatch, refuseClearing } from './patches.js';
import { ENTERED, type SituationPictureRecord } from './records.js';
import { type SharedTables, sharedTablesOf } from './shared-tables.js';
import * as valid from './validation.js';
import { updateVersioned } from './versioned-records.js';

/**
 * Lägesbild summaries, kept alike by every owner: each kommun's database and the police area's
 * have a `situation_picture` table of the same shape (shared-tables.ts), written through these
 * validated, versioned and audited functions. Only summaries belong here, never police intelligence.
 */

export interface SituationPictureInput {
  date: string;
  period: { start: string; end: string };
  title: string;
  summary: string;
  prioritisedProblems: string[];
  dataSources: DataSourceKind[];
}

/** Every situation picture of the owner, newest first. */
export function listSituationPictures<DB extends SharedTables>(db: Kysely<DB>): Promise<SituationPictureRecord[]> {
  return sharedTablesOf(db).selectFrom('situationPicture').selectAll().orderBy('date', 'desc').orderBy('id').execute();
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

/** Records a new situation picture for `editor`'s organisation; `alsoInTransaction` adds the owner's links. */
export function createSituationPicture<DB extends SharedTables>(
  db: Kysely<DB>,
  editor: Editor,
  /** The new record's id, the audit log's name for the change (the mutation's), and its idempotency key if any. */
  record: { id: string; action: string; idempotency?: IdempotentCreate | undefined },
  input: SituationPictureInput,
  alsoInTransaction: (trx: Transaction<DB>, record: SituationPictureRecord) => Promise<object> = async () => ({}),
): Promise<SituationPictureRecord> {
  const values = validSituationPicture(input);
  return auditedChange(
    db,
    editor,
    { action: record.action, recordType: 'SituationPicture', idempotency: record.idempotency },
    async (trx) => {
      const created = await sharedTablesOf(trx)
        .insertInto('situationPicture')
        .values({ id: record.id, ...values, ...ENTERED })
        .returningAll()
        .executeTakeFirstOrThrow();
      const links = await alsoInTransaction(trx, created);
      return { before: null, after: created, audited: { ...created, ...links } };
    },
  );
}

export type SituationPicturePatch = {
  [Field in keyof SituationPictureInput]?: SituationPictureInput[Field] | null | undefined;
};

/** Changes a situation picture (patch semantics, `patches.ts`), if nobody changed it since `expectedVersion`. */
export function updateSituationPicture<DB extends SharedTables>(
  db: Kysely<DB>,
  editor: Editor,
  owner: string,
  change: { id: string; expectedVersion: number; input: SituationPicturePatch; action: string },
  alsoInTransaction: (
    trx: Transaction<DB>,
    record: SituationPictureRecord,
  ) => Promise<{ before: object; after: object }> = async () => ({ before: {}, after: {} }),
): Promise<SituationPictureRecord> {
  const { date, period, title, summary, prioritisedProblems, dataSources } = change.input;
  const patch = { date, period, title, summary, prioritisedProblems, dataSources };
  const required = ['date', 'period', 'title', 'summary', 'prioritisedProblems', 'dataSources'] as const;
  refuseClearing(patch, required);
  return auditedChange(db, editor, { action: change.action, recordType: 'SituationPicture' }, async (trx) => {
    const { before, after } = await updateVersioned(
      sharedTablesOf(trx),
      'situationPicture',
      change.id,
      {
        what: 'Situation picture',
        expectedVersion: change.expectedVersion,
        missing: () => notFound(`${owner} has no situation picture ${change.id}`),
      },
      (current) =>
        validSituationPicture(
          applyPatch<SituationPictureInput>(
            {
              date: current.date,
              period: { start: current.periodStart, end: current.periodEnd },
              title: current.title,
              summary: current.summary,
              prioritisedProblems: current.prioritisedProblems,
              dataSources: current.dataSources,
            },
            patch,
            required,
          ),
        ),
    );
    const links = await alsoInTransaction(trx, after);
    return { before: { ...before, ...links.before }, after, audited: { ...after, ...links.after } };
  });
}
