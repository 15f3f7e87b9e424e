import type { Kysely, Transaction } from 'kysely';
import type { Viewer } from './access.js';
import { sharedTablesOf, type AuditEntryRow, type SharedTables } from './shared-tables.js';

export interface AuditedChange {
  action: string;
  recordType: string;
  recordId: string;
  before: object | null;
  after: object | null;
}

/** Records a change in the same transaction as the change itself. */
export async function recordAudit<DB extends SharedTables>(trx: Transaction<DB>, viewer: Editor, change: AuditedChange): Promise<void> {
  await sharedTablesOf(trx)
    .insertInto('auditEntry')
    .values({
      subject: viewer.subject,
      organisation: viewer.organisation,
      role: viewer.role,
      action: change.action,
      recordType: change.recordType,
      recordId: change.recordId,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
    })
    .execute();
}

export type Editor = Extract<Viewer, { kind: 'member' }>;

/**
 * Runs a change in one transaction together with its audit entry, and returns the changed record.
 * `audited` is what the log keeps as "after" when it is more than the row (e.g. with its signatories).
 */
export function auditedChange<DB extends SharedTables, Row extends { id: string }>(
  db: Kysely<DB>,
  editor: Editor,
  what: { action: string; recordType: string },
  change: (trx: Transaction<DB>) => Promise<{ before: object | null; after: Row; audited?: object }>,
): Promise<Row> {
  return db.transaction().execute(async (trx) => {
    const { before, after, audited } = await change(trx);
    await recordAudit(trx, editor, { ...what, recordId: after.id, before, after: audited ?? after });
    return after;
  });
}

/** The newest entries first. */
export function readAuditLog<DB extends SharedTables>(db: Kysely<DB>, limit: number): Promise<AuditEntryRow[]> {
  return sharedTablesOf(db).selectFrom('auditEntry').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
