import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { type badUserInput, conflict, type notFound } from './errors.js';
import type { VersionedColumns } from './shared-tables.js';

/** The tables of `DB` whose records are versioned (see `VersionedColumns`). */
export type VersionedTable<DB> = {
  [T in keyof DB & string]: DB[T] extends VersionedColumns & { id: string } ? T : never;
}[keyof DB & string];

/** A row of a versioned table. */
export type VersionedRow<DB, T extends keyof DB> = Selectable<DB[T]> & { id: string; version: number };

type Missing = () => ReturnType<typeof notFound | typeof badUserInput>;

// Kysely cannot type a statement on a table named by a type parameter (kysely-org/kysely#1669), so
// these two run theirs on an untyped view of the transaction and type its rows as the table's;
// callers are checked against the signatures (a versioned table of their database, values for it).
const untyped = <DB>(trx: Transaction<DB>): Kysely<any> => trx;

/**
 * Reads a versioned record for update and locks it until the transaction ends. With
 * `expectedVersion`, insists nobody changed it since the editor read it (else CONFLICT, and
 * the transaction changes nothing). `missing` is the error when there is no such record.
 */
export async function lockVersioned<DB, T extends VersionedTable<DB>>(
  trx: Transaction<DB>,
  table: T,
  id: string,
  options: { what: string; expectedVersion?: number; missing: Missing },
): Promise<VersionedRow<DB, T>> {
  const name: string = table;
  const row = await untyped(trx).selectFrom(name).selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw options.missing();
  if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
    throw conflict(
      `${options.what} ${id} is at version ${row.version}, not ${options.expectedVersion}: someone changed it since`,
      row.version,
    );
  }
  return row as VersionedRow<DB, T>;
}

/**
 * The one write path for a versioned record: locks it, insists nobody changed it since
 * `expectedVersion`, writes `values` (or what `values` makes of the locked record, which may also
 * refuse the change) with the next version, and returns the record before and after.
 */
export async function updateVersioned<DB, T extends VersionedTable<DB>>(
  trx: Transaction<DB>,
  table: T,
  id: string,
  options: { what: string; expectedVersion: number; missing: Missing },
  values: Updateable<DB[T]> | ((before: VersionedRow<DB, T>) => Updateable<DB[T]> | Promise<Updateable<DB[T]>>),
): Promise<{ before: VersionedRow<DB, T>; after: VersionedRow<DB, T> }> {
  const before = await lockVersioned(trx, table, id, options);
  const changes = typeof values === 'function' ? await values(before) : values;
  const name: string = table;
  const after = await untyped(trx)
    .updateTable(name)
    .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after: after as VersionedRow<DB, T> };
}
