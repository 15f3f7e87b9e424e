import { createHash } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import { idempotencyKeyReused, notFound } from './errors.js';
import type { SharedTables } from './shared-tables.js';

/**
 * Idempotency keys of creates. A create sent with an `Idempotency-Key` claims the key for its
 * caller (organisation and token subject) and its mutation, and keeps a hash of the request: the
 * mutation's arguments, canonicalised (`requestHash`). A retry with the same arguments gets the
 * record the first create made; other arguments under the same key are refused with
 * IDEMPOTENCY_KEY_REUSED. A key is honoured for `IDEMPOTENCY_KEY_LIFETIME`, then it is new again,
 * and expired keys are deleted a few at a time by later keyed creates.
 */

/**
 * How long a key is honoured, as a PostgreSQL interval. Retries after a cut connection come
 * within seconds or minutes; a day also covers a client that retries after an overnight outage,
 * and no client retries a create a day later expecting it not to have happened.
 */
export const IDEMPOTENCY_KEY_LIFETIME = '24 hours';

/** Expired keys each keyed create deletes at most: more than the one it adds, so the table stays about a lifetime's keys, at a bounded cost per request. */
const EXPIRED_KEYS_DELETED_PER_CREATE = 100;

/** A create made safe to retry: the caller's key, the hash of what was asked, and the table a retry reads the first record from. */
export interface IdempotentCreate {
  key: string;
  requestHash: string;
  table: string;
}

/** The create of a record in `table`, asked with `request` (the mutation's arguments), idempotent when the request came with a key. */
export function idempotentCreate(
  key: string | undefined,
  table: string,
  request: object,
): IdempotentCreate | undefined {
  return key === undefined ? undefined : { key, requestHash: requestHash(request), table };
}

/**
 * SHA-256 of the arguments as canonical JSON: object keys sorted, an absent and a null field
 * alike (neither sets anything on a new record), lists in their order. The arguments are taken as
 * GraphQL coerced them, so whitespace, variables or literals, aliases, the selection and whether
 * the request came through the gateway or straight to the subgraph do not change the hash.
 */
function requestHash(request: object): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('base64url');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, field]) => [name, canonical(field)]),
  );
}

const expired = sql<boolean>`idempotency_key.created_at < now() - ${IDEMPOTENCY_KEY_LIFETIME}::interval`;

/** A key of `caller`'s for `action`, used in the create's own transaction `trx`. */
export function idempotencyKeys(
  trx: Transaction<SharedTables>,
  caller: { organisation: string; subject: string },
  action: string,
  create: IdempotentCreate,
) {
  const row = { organisation: caller.organisation, subject: caller.subject, action, key: create.key };
  const isThisKey = (eb: ExpressionBuilder<SharedTables, 'idempotencyKey'>) => eb.and(row);
  const thisKey = () => trx.selectFrom('idempotencyKey').where(isThisKey);
  return {
    /**
     * True when the key is new or expired (and now this transaction's), false when a create with
     * the same request used it; IDEMPOTENCY_KEY_REUSED when one with another request did.
     */
    claim: async () => {
      await deleteExpiredKeys(trx);
      const claimed = await trx
        .insertInto('idempotencyKey')
        .values({ ...row, requestHash: create.requestHash })
        .onConflict((conflict) =>
          conflict
            .columns(['organisation', 'subject', 'action', 'key'])
            .doUpdateSet({ requestHash: create.requestHash, recordId: null, createdAt: sql`now()` })
            .where(expired),
        )
        .returning('key')
        .executeTakeFirst();
      if (claimed) return true;
      const { requestHash } = await thisKey().select('requestHash').executeTakeFirstOrThrow();
      // A key claimed before requests were hashed (migration 0007) is honoured for its mutation, as it was then.
      if (requestHash !== null && requestHash !== create.requestHash)
        throw idempotencyKeyReused(create.key, action, IDEMPOTENCY_KEY_LIFETIME);
      return false;
    },
    settle: (recordId: string) => trx.updateTable('idempotencyKey').set({ recordId }).where(isThisKey).execute(),
    /** The record the first create made, from the created record's table (`create.table`, named at run time). */
    recordOf: async <DB>(owner: Transaction<DB>) => {
      const { recordId } = await thisKey().select('recordId').executeTakeFirstOrThrow();
      // Kysely cannot type a statement on a table named at run time (kysely-org/kysely#1669).
      const untyped: Kysely<any> = owner;
      const record =
        recordId && (await untyped.selectFrom(create.table).selectAll().where('id', '=', recordId).executeTakeFirst());
      if (!record)
        throw notFound(
          `Idempotency-Key "${create.key}" was used for a ${action} whose record no longer exists; use a new key`,
        );
      return record as unknown;
    },
  };
}

/**
 * Deletes every expired key: run when a subgraph starts, so an owner that gets no more keyed
 * creates still lets go of the token subjects kept with its keys (at its next start).
 */
export async function deleteAllExpiredKeys(db: Kysely<SharedTables>): Promise<void> {
  await db.deleteFrom('idempotencyKey').where(expired).execute();
}

/** Deletes up to EXPIRED_KEYS_DELETED_PER_CREATE expired keys, skipping any another transaction holds. */
async function deleteExpiredKeys(trx: Transaction<SharedTables>): Promise<void> {
  await sql`
    delete from idempotency_key where ctid in (
      select ctid from idempotency_key where ${expired}
      limit ${EXPIRED_KEYS_DELETED_PER_CREATE} for update skip locked
    )`.execute(trx);
}
