import type { Transaction, Updateable } from 'kysely';
import type { Editor } from './audit-log.js';
import { badUserInput, type notFound } from './errors.js';
import type { WithdrawalFields } from './records.js';
import type { WithdrawalColumns } from './shared-tables.js';
import { updateVersioned, type VersionedRow, type VersionedTable } from './versioned-records.js';

/** The tables of `DB` whose records can be withdrawn (see `WithdrawalColumns`). */
export type WithdrawableTable<DB> = { [T in keyof DB & string]: DB[T] extends WithdrawalColumns ? T : never }[keyof DB &
  string];

/**
 * Withdrawing (återkalla) a record of any kind, the one path for all of them: the record stays,
 * marked with when, by whom and why, as its next version. `alsoChange` adds what one kind
 * changes besides (a promise's status).
 */
export function withdrawVersioned<DB, T extends VersionedTable<DB> & WithdrawableTable<DB>>(
  trx: Transaction<DB>,
  table: T,
  id: string,
  options: { what: string; expectedVersion: number; missing: () => ReturnType<typeof notFound | typeof badUserInput> },
  withdrawal: { editor: Editor; reason: string },
  alsoChange: (before: VersionedRow<DB, T> & WithdrawalFields) => Record<string, unknown> = () => ({}),
): Promise<{ before: VersionedRow<DB, T>; after: VersionedRow<DB, T> }> {
  // A withdrawable table has the withdrawal columns (WithdrawableTable); tsc cannot see that through the type parameter.
  return updateVersioned(trx, table, id, options, (locked) => {
    const before = locked as VersionedRow<DB, T> & WithdrawalFields;
    if (before.withdrawnAt !== null) throw badUserInput(`${options.what} ${id} was withdrawn already`, 'id');
    const marked: WithdrawalFields = {
      withdrawnAt: new Date(),
      withdrawnBy: withdrawal.editor.subject,
      withdrawalReason: withdrawal.reason,
    };
    return { ...marked, ...alsoChange(before) } as unknown as Updateable<DB[T]>;
  });
}

/** Whether a list shows withdrawn records: only when asked, and only to the owner and coordinators. */
export function withoutWithdrawn<Row extends WithdrawalFields>(rows: readonly Row[], showWithdrawn: boolean): Row[] {
  return showWithdrawn ? [...rows] : rows.filter((row) => row.withdrawnAt === null);
}
