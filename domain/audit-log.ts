import { sql, type ColumnType, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Viewer } from './access.js';
import { notFound } from './errors.js';

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

/**
 * Idempotency keys of creates: the record the first create with a key made, per organisation,
 * subject (of the token) and action, so a retry of that create returns it instead of a copy.
 */
export interface IdempotencyKeyTable {
  organisation: string;
  subject: string;
  action: string;
  key: string;
  /** Set in the transaction that claims the key; a retry sees the key only once it is committed. */
  recordId: string | null;
  createdAt: Generated<Date>;
}

export interface AuditedDatabase {
  auditEntry: AuditEntryTable;
  idempotencyKey: IdempotencyKeyTable;
}

/** A create made safe to retry: the caller's key, and the table a retry reads the first record from. */
export interface IdempotentCreate {
  key: string;
  table: string;
}

/** The create of a record in `table`, idempotent when the request came with a key. */
export function idempotentCreate(key: string | undefined, table: string): IdempotentCreate | undefined {
  return key === undefined ? undefined : { key, table };
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
 * With `idempotency`, a create whose key was used before (by the same subject, for the same
 * action) changes nothing and returns the record the first one made; a retry that arrives while
 * the first is still running waits for it (the key's row is locked until that transaction ends).
 */
export function auditedChange<DB extends AuditedDatabase, Row extends { id: string }>(
  db: Kysely<DB>,
  editor: Editor,
  what: { action: string; recordType: string; idempotency?: IdempotentCreate | undefined },
  change: (trx: Transaction<DB>) => Promise<{ before: object | null; after: Row; audited?: object }>,
): Promise<Row> {
  return db.transaction().execute(async (trx) => {
    const keyed = what.idempotency && idempotencyKeys(trx, editor, what.action, what.idempotency.key);
    if (keyed && !(await keyed.claim())) return (await keyed.recordOf(what.idempotency!.table)) as Row;
    const { before, after, audited } = await change(trx);
    await recordAudit(trx, editor, { action: what.action, recordType: what.recordType, recordId: after.id, before, after: audited ?? after });
    await keyed?.settle(after.id);
    return after;
  });
}

function idempotencyKeys<DB extends AuditedDatabase>(trx: Transaction<DB>, editor: Editor, action: string, key: string) {
  // Kysely's builders are invariant in the database type; these only touch idempotencyKey.
  const own = trx as unknown as Transaction<AuditedDatabase>;
  const row = { organisation: editor.organisation, subject: editor.subject, action, key };
  const thisKey = () =>
    own
      .selectFrom('idempotencyKey')
      .where('organisation', '=', row.organisation)
      .where('subject', '=', row.subject)
      .where('action', '=', row.action)
      .where('key', '=', row.key);
  return {
    /** True when the key is new (and now this transaction's), false when a create used it before. */
    claim: async () =>
      Boolean(
        await own
          .insertInto('idempotencyKey')
          .values(row)
          .onConflict((conflict) => conflict.columns(['organisation', 'subject', 'action', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst(),
      ),
    settle: (recordId: string) =>
      own.updateTable('idempotencyKey').set({ recordId }).where('organisation', '=', row.organisation).where('subject', '=', row.subject).where('action', '=', row.action).where('key', '=', row.key).execute(),
    recordOf: async (table: string) => {
      const { recordId } = await thisKey().select('recordId').executeTakeFirstOrThrow();
      const record = recordId && (await (trx as unknown as Kysely<any>).selectFrom(table).selectAll().where('id', '=', recordId).executeTakeFirst());
      if (!record) throw notFound(`Idempotency-Key "${key}" was used for a ${action} whose record no longer exists; use a new key`);
      return record as unknown;
    },
  };
}

/** The newest entries first. */
export function readAuditLog<DB extends AuditedDatabase>(db: Kysely<DB>, limit: number) {
  return (db as unknown as Kysely<AuditedDatabase>).selectFrom('auditEntry').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** The audit table, created by a migration of each owning database. */
export async function createAuditTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_entry')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('organisation', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('record_type', 'text', (col) => col.notNull())
    .addColumn('record_id', 'text', (col) => col.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_entry_record').on('audit_entry').columns(['record_type', 'record_id']).execute();
}
