import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Viewer } from './access.js';

/** One change, as the API shows it. */
export interface AuditEntryRecord {
  id: string;
  at: Date;
  subject: string;
  organisation: string;
  role: string;
  action: string;
  recordType: string;
  recordId: string;
  before: unknown;
  after: unknown;
}

/** One change, as the owning database records it: who, when, which record, before and after. */
export type AuditEntryTable = Omit<AuditEntryRecord, 'id' | 'at' | 'before' | 'after'> & {
  id: Generated<string>;
  at: Generated<Date>;
  /** jsonb: written as JSON text, read back as the value. */
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
};

export interface AuditedDatabase {
  auditEntry: AuditEntryTable;
}

export interface AuditedChange {
  action: string;
  recordType: string;
  recordId: string;
  before: object | null;
  after: object | null;
}

/** Records a change in the same transaction as the change itself. */
export async function recordAudit<DB extends AuditedDatabase>(
  trx: Transaction<DB>,
  viewer: Editor,
  change: AuditedChange,
): Promise<void> {
  // Kysely's builders are invariant in the database type; this one only touches auditEntry.
  await (trx as unknown as Transaction<AuditedDatabase>)
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
export function auditedChange<DB extends AuditedDatabase, Row extends { id: string }>(
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
export function readAuditLog<DB extends AuditedDatabase>(db: Kysely<DB>, limit: number) {
  return (db as unknown as Kysely<AuditedDatabase>).selectFrom('auditEntry').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
