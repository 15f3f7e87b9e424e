import type { Transaction } from 'kysely';
import type { Editor } from './audit-log.js';
import { badUserInput, type notFound } from './errors.js';
import type { Versioned, WithdrawalFields } from './records.js';
import { updateVersioned } from './versioned-records.js';

/**
 * Withdrawing (återkalla) a record of any kind, the one path for all of them: the record stays,
 * marked with when, by whom and why, as its next version. `alsoChange` adds what one kind
 * changes besides (a promise's status).
 */
export function withdrawVersioned<Row extends { id: string } & Versioned & WithdrawalFields>(
  trx: Transaction<any>,
  table: string,
  id: string,
  options: { what: string; expectedVersion: number; missing: () => ReturnType<typeof notFound | typeof badUserInput> },
  withdrawal: { editor: Editor; reason: string },
  alsoChange: (before: Row) => object = () => ({}),
): Promise<{ before: Row; after: Row }> {
  return updateVersioned<Row>(trx, table, id, options, (before) => {
    if (before.withdrawnAt !== null) throw badUserInput(`${options.what} ${id} was withdrawn already`, 'id');
    return { withdrawnAt: new Date(), withdrawnBy: withdrawal.editor.subject, withdrawalReason: withdrawal.reason, ...alsoChange(before) };
  });
}

/** Whether a list shows withdrawn records: only when asked, and only to the owner and coordinators. */
export function withoutWithdrawn<Row extends WithdrawalFields>(rows: readonly Row[], showWithdrawn: boolean): Row[] {
  return showWithdrawn ? [...rows] : rows.filter((row) => row.withdrawnAt === null);
}
