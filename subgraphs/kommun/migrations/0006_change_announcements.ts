import { type Kysely, sql } from 'kysely';

/**
 * Every committed change of the database's data, by any writer (the subgraph, the seed script, an
 * operator's SQL), is announced on the channel `data_changed`: a statement-level trigger on every
 * table this migration finds NOTIFYs, and PostgreSQL delivers the notification only once the
 * transaction commits. The subgraph listens and tells its subscribed gateways (response cache).
 * A later migration that adds a table adds the same trigger to it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function announce_data_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('data_changed', '');
      return null;
    end
    $$
  `.execute(db);
  await sql`
    do $$
    declare name text;
    begin
      for name in
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
          and table_name not in ('schema_migration', 'schema_migration_lock', 'idempotency_key')
      loop
        execute format(
          'create trigger announce_data_change after insert or update or delete or truncate on %I '
          'for each statement execute function announce_data_change()',
          name
        );
      end loop;
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function announce_data_change() cascade`.execute(db);
}
