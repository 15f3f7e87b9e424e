import type { Kysely } from 'kysely';

/**
 * An idempotency key keeps the hash of the request it was used for, so another request under it
 * is refused, and expires: the index finds expired keys to delete. Keys claimed before have no
 * hash (null) and are honoured for their mutation as they were, until they expire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_key').addColumn('request_hash', 'text').execute();
  await db.schema.createIndex('idempotency_key_created_at').on('idempotency_key').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('idempotency_key_created_at').execute();
  await db.schema.alterTable('idempotency_key').dropColumn('request_hash').execute();
}
