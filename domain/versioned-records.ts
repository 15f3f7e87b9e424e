import type { Transaction } from 'kysely';
import { conflict, type badUserInput, type notFound } from './errors.js';

/**
 * Reads a versioned record for update and locks it until the transaction ends. With
 * `expectedVersion`, insists nobody changed it since the editor read it (else CONFLICT, and
 * the transaction changes nothing). `missing` is the error when there is no such record.
 */
export async function lockVersioned<Row extends { id: string; version: number }>(
  trx: Transaction<any>,
  table: string,
  id: string,
  options: { what: string; expectedVersion?: number; missing: () => ReturnType<typeof notFound | typeof badUserInput> },
): Promise<Row> {
  const row = (await trx.selectFrom(table).selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as Row | undefined;
  if (!row) throw options.missing();
  if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
    throw conflict(`${options.what} ${id} is at version ${row.version}, not ${options.expectedVersion}: someone changed it since`, row.version);
  }
  return row;
}

/**
 * The one write path for a versioned record: locks it, insists nobody changed it since
 * `expectedVersion`, writes `values` (or what `values` makes of the locked record, which may also
 * refuse the change) with the next version, and returns the record before and after.
 */
export async function updateVersioned<Row extends { id: string; version: number }>(
  trx: Transaction<any>,
  table: string,
  id: string,
  options: { what: string; expectedVersion: number; missing: () => ReturnType<typeof notFound | typeof badUserInput> },
  values: object | ((before: Row) => object | Promise<object>),
): Promise<{ before: Row; after: Row }> {
  const before = await lockVersioned<Row>(trx, table, id, options);
  const changes = typeof values === 'function' ? await values(before) : values;
  const after = (await trx
    .updateTable(table)
    .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as Row;
  return { before, after };
}
