import type { Transaction } from 'kysely';
import { badUserInput } from '../../domain/errors.js';
import type { Kommun } from '../../domain/region.js';
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
  const found = new Set(
    (await trx.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((row) => row.id),
  );
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw badUserInput(
      `${kommun.organisation} has no ${referable[table]} ${ids[missing]}`,
      typeof field === 'string' ? `${field}[${missing}]` : field(missing),
    );
  }
}

/** The same for one id, named by `field` itself. */
export async function requireRecord(
  trx: Trx,
  kommun: Kommun,
  table: Referable,
  id: string,
  field: string,
): Promise<void> {
  const row = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw badUserInput(`${kommun.organisation} has no ${referable[table]} ${id}`, field);
}

/**
 * Tables that link two kommun records: the column naming the record a link belongs to, the one
 * naming the record it refers to, and that record's table. The statements below name columns
 * from here (Kysely's dynamic references), so `satisfies` checks each against its table.
 */
const links = {
  situationPicturePromise: { owner: 'situationPictureId', other: 'promiseId', references: 'citizenPromise' },
  citizenDialoguePromise: { owner: 'citizenDialogueId', other: 'promiseId', references: 'citizenPromise' },
  promiseIndicator: { owner: 'promiseId', other: 'indicatorId', references: 'indicator' },
  commitmentIndicator: { owner: 'commitmentId', other: 'indicatorId', references: 'indicator' },
} as const satisfies {
  [Table in keyof KommunDatabase]?: {
    owner: keyof KommunDatabase[Table];
    other: keyof KommunDatabase[Table];
    references: Referable;
  };
};
export type LinkTable = keyof typeof links;
type LinkColumn = (typeof links)[LinkTable]['owner' | 'other'];

/**
 * Links a new record to `ids`, after checking each names a record of this kommun (else
 * BAD_USER_INPUT naming `field[i]`). Returns the ids sorted, as the audit log keeps them.
 */
export async function linkNew(
  trx: Trx,
  kommun: Kommun,
  table: LinkTable,
  ownerId: string,
  ids: readonly string[],
  field: string,
): Promise<string[]> {
  const { owner, other, references } = links[table];
  await requireRecords(trx, kommun, references, ids, field);
  if (ids.length > 0)
    await trx
      .insertInto(table)
      .values(ids.map((id) => ({ [owner]: ownerId, [other]: id })))
      .execute();
  return [...ids].sort();
}

/**
 * Makes an existing record link to exactly `ids` (checked as by `linkNew`); `null` leaves its
 * links as they are. Returns the links before and after, for the audit log.
 */
export async function relink(
  trx: Trx,
  kommun: Kommun,
  table: LinkTable,
  ownerId: string,
  ids: readonly string[] | null,
  field: string,
): Promise<{ before: string[]; after: string[] }> {
  const { owner, other } = links[table];
  const { ref } = trx.dynamic;
  const rows = await trx
    .selectFrom(table)
    .select(ref<LinkColumn>(other))
    .where(ref(owner), '=', ownerId)
    .orderBy(ref(other))
    .execute();
  const before = rows.map((row) => row[other]!);
  if (ids === null) return { before, after: before };
  await trx.deleteFrom(table).where(ref(owner), '=', ownerId).execute();
  return { before, after: await linkNew(trx, kommun, table, ownerId, ids, field) };
}
