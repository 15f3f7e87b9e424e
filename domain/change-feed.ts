import type { Kysely } from 'kysely';
import { auditCursor, auditEntryIdOf } from './audit-log.js';
import { badUserInput } from './errors.js';
import { type AuditEntryRow, type SharedTables, sharedTablesOf } from './shared-tables.js';

/**
 * The change feed: an owner's audit log read forward from a cursor, as what a syncing tool needs
 * to know, record by record: created, updated, or withdrawn (a tombstone: drop the record). The
 * cursor is an opaque token for an audit entry; entries are never changed or removed, so a
 * cursor stays good.
 */
export const changeKinds = {
  CREATED: 'The record was made: fetch it.',
  UPDATED: 'The record changed (published, edited, followed up): fetch it again.',
  WITHDRAWN: 'Tombstone: the record was withdrawn; drop it.',
} as const;
export type ChangeKind = keyof typeof changeKinds;

export interface Change {
  cursor: string;
  at: Date;
  kind: ChangeKind;
  action: string;
  recordType: string;
  recordId: string;
}

export interface ChangeFeedPage {
  changes: Change[];
  /** Where the next read starts: the last change's cursor, or the cursor given when there was none. */
  endCursor: string | null;
  hasMore: boolean;
}

export const MAX_CHANGES = 500;

/**
 * What an audited action did to its record. Withdrawal is a status today (`updatePromise` to
 * WITHDRAWN); `withdraw*` actions count as withdrawals too.
 */
export function changeKind(entry: Pick<AuditEntryRow, 'action' | 'before' | 'after'>): ChangeKind {
  const status = (entry.after as { status?: unknown } | null)?.status;
  if (
    entry.action.startsWith('withdraw') ||
    (status === 'WITHDRAWN' && (entry.before as { status?: unknown } | null)?.status !== 'WITHDRAWN')
  )
    return 'WITHDRAWN';
  if (entry.before === null || /^(create|record|add)/.test(entry.action)) return 'CREATED';
  return 'UPDATED';
}

export async function readChangesSince<DB extends SharedTables>(
  db: Kysely<DB>,
  cursor: string | null,
  first: number,
): Promise<ChangeFeedPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES)
    throw badUserInput(`first must be between 1 and ${MAX_CHANGES}`, 'first');
  const after = cursor === null ? null : auditEntryIdOf(cursor, 'cursor');
  const rows = await sharedTablesOf(db)
    .selectFrom('auditEntry')
    .selectAll()
    .$if(after !== null, (query) => query.where('id', '>', after!))
    .orderBy('id', 'asc')
    .limit(first + 1)
    .execute();
  const changes = rows.slice(0, first).map((row) => ({
    cursor: auditCursor(row.id),
    at: row.at,
    kind: changeKind(row),
    action: row.action,
    recordType: row.recordType,
    recordId: row.recordId,
  }));
  return { changes, endCursor: changes.at(-1)?.cursor ?? cursor, hasMore: rows.length > first };
}
