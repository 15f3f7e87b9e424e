import type { Transaction } from 'kysely';
import { badUserInput } from '../../schema/errors.js';
import type { Kommun } from '../../schema/region.js';
import type { KommunDatabase } from './database.js';

type Trx = Transaction<KommunDatabase>;

/** Kommun-owned records another record can refer to, with how an error names them. */
const referable = {
  citizenPromise: 'promise',
  commitment: 'commitment',
  indicator: 'indicator',
  collaborationAgreement: 'collaboration agreement',
} as const;
type Referable = keyof typeof referable;

/**
 * Insists every id of a list input names a record of this kommun; else BAD_USER_INPUT naming the
 * first that does not (`field[i]`, or the name `field(i)` gives), in one statement.
 */
export async function requireRecords(
  trx: Trx,
  kommun: Kommun,
  table: Referable,
  ids: readonly string[],
  field: string | ((index: number) => string),
): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await trx.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((row) => row.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw badUserInput(`${kommun.organisation} has no ${referable[table]} ${ids[missing]}`, typeof field === 'string' ? `${field}[${missing}]` : field(missing));
  }
}

/** The same for one id, named by `field` itself. */
export async function requireRecord(trx: Trx, kommun: Kommun, table: Referable, id: string, field: string): Promise<void> {
  const row = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw badUserInput(`${kommun.organisation} has no ${referable[table]} ${id}`, field);
}

/** Tables that link two kommun records; the record the link belongs to comes first in `linkColumns`. */
export type LinkTable = 'situationPicturePromise' | 'citizenDialoguePromise' | 'promiseIndicator' | 'commitmentIndicator';
const linkColumns = {
  situationPicturePromise: ['situationPictureId', 'promiseId'],
  citizenDialoguePromise: ['citizenDialogueId', 'promiseId'],
  promiseIndicator: ['promiseId', 'indicatorId'],
  commitmentIndicator: ['commitmentId', 'indicatorId'],
} as const;

/** The ids a record links to through a link table (the record's column first in `linkColumns`). */
export async function linkedIds(trx: Trx, table: LinkTable, ownerId: string): Promise<string[]> {
  const [owner, other] = linkColumns[table];
  const rows = await (trx as Transaction<any>).selectFrom(table).select(other).where(owner, '=', ownerId).orderBy(other).execute();
  return rows.map((row: Record<string, string>) => row[other]!);
}

/** Makes a record link to exactly `ids` (already checked to exist); returns them sorted, as `linkedIds` reads them. */
export async function replaceLinks(trx: Trx, table: LinkTable, ownerId: string, ids: readonly string[]): Promise<string[]> {
  const [owner, other] = linkColumns[table];
  const db = trx as Transaction<any>;
  await db.deleteFrom(table).where(owner, '=', ownerId).execute();
  if (ids.length > 0) await db.insertInto(table).values(ids.map((id) => ({ [owner]: ownerId, [other]: id }))).execute();
  return [...ids].sort();
}
