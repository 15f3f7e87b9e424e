import type { Kysely, Transaction } from 'kysely';
import type { Viewer } from './access.js';
import { badUserInput } from './errors.js';
import { type IdempotentCreate, idempotencyKeys } from './idempotency-keys.js';
import { type AuditEntryRow, type SharedTables, sharedTablesOf } from './shared-tables.js';

export interface AuditedChange {
  action: string;
  recordType: string;
  recordId: string;
  before: object | null;
  after: object | null;
}

/** Records a change in the same transaction as the change itself. */
export async function recordAudit<DB extends SharedTables>(
  trx: Transaction<DB>,
  viewer: Editor,
  change: AuditedChange,
): Promise<void> {
  await sharedTablesOf(trx)
    .insertInto('auditEntry')
    .values({
      subject: viewer.subject,
      actorName: viewer.name ?? null,
      actorIssuer: viewer.issuer ?? null,
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
 * action, with the same request, within the key's lifetime) changes nothing and returns the record
 * the first one made, and one with another request is refused (idempotency-keys.ts); a retry that
 * arrives while the first is still running waits for it (the key's row is locked until that
 * transaction ends).
 */
export function auditedChange<DB extends SharedTables, Row extends { id: string }>(
  db: Kysely<DB>,
  editor: Editor,
  what: { action: string; recordType: string; idempotency?: IdempotentCreate | undefined },
  change: (trx: Transaction<DB>) => Promise<{ before: object | null; after: Row; audited?: object }>,
): Promise<Row> {
  return db.transaction().execute(async (trx) => {
    const keyed = what.idempotency && idempotencyKeys(sharedTablesOf(trx), editor, what.action, what.idempotency);
    if (keyed && !(await keyed.claim())) return (await keyed.recordOf(trx)) as Row;
    const { before, after, audited } = await change(trx);
    await recordAudit(trx, editor, {
      action: what.action,
      recordType: what.recordType,
      recordId: after.id,
      before,
      after: audited ?? after,
    });
    await keyed?.settle(after.id);
    return after;
  });
}

/** The newest entries first. */
export function readAuditLog<DB extends SharedTables>(db: Kysely<DB>, limit: number): Promise<AuditEntryRow[]> {
  return sharedTablesOf(db).selectFrom('auditEntry').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** An opaque cursor for an audit entry (its bigserial id); entries are never changed or removed, so it stays good. */
export function auditCursor(id: string): string {
  return Buffer.from(`audit:${id}`).toString('base64url');
}

/** The audit entry id in a cursor `auditCursor` made; anything else is the caller's mistake, named by `field`. */
export function auditEntryIdOf(cursor: string, field: string): string {
  const match = /^audit:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`${field} is not a cursor of this audit log (take one the hub returned)`, field);
  return match[1]!;
}

/** A page of the log, newest first, older than the entry `before` if given, and how many entries the log has. */
export async function readAuditLogPage<DB extends SharedTables>(db: Kysely<DB>, first: number, before: string | null) {
  const rows = await sharedTablesOf(db)
    .selectFrom('auditEntry')
    .selectAll()
    .$if(before !== null, (query) => query.where('id', '<', before!))
    .orderBy('id', 'desc')
    .limit(first + 1)
    .execute();
  const { count } = await sharedTablesOf(db)
    .selectFrom('auditEntry')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: Number(count) };
}
