import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * A database's schema as PostgreSQL's catalogue describes it: tables, columns (in order, with
 * type, default and nullability), constraints as `pg_get_constraintdef` prints them, indexes as
 * `pg_indexes` does, sequences, and triggers as `pg_get_triggerdef` prints them. Two databases with equal catalogues have the same schema.
 * Kysely's migration bookkeeping (schema_migration, schema_migration_lock) is left out: Kysely makes it, not our migrations.
 */
export async function schemaCatalogue(db: Kysely<any>) {
  const rows = async (query: RawBuilder<unknown>) => (await query.execute(db)).rows;
  return {
    tables: await rows(sql`
      select table_name, table_type from information_schema.tables
      where table_schema = 'public' and table_name not like 'schema\_migration%'
      order by table_name`),
    columns: await rows(sql`
      select table_name, ordinal_position, column_name, data_type, udt_name, character_maximum_length, numeric_precision,
        column_default, is_nullable, is_identity
      from information_schema.columns
      where table_schema = 'public' and table_name not like 'schema\_migration%'
      order by table_name, ordinal_position`),
    constraints: await rows(sql`
      select c.conrelid::regclass::text as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.conrelid::regclass::text not like 'schema\_migration%'
      order by table_name, c.conname`),
    indexes: await rows(sql`
      select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename not like 'schema\_migration%'
      order by tablename, indexname`),
    sequences: await rows(sql`
      select sequence_name, data_type, start_value, minimum_value, maximum_value, increment, cycle_option
      from information_schema.sequences where sequence_schema = 'public'
      order by sequence_name`),
    triggers: await rows(sql`
      select t.tgrelid::regclass::text as table_name, t.tgname, pg_get_triggerdef(t.oid) as definition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and not t.tgisinternal
      order by table_name, t.tgname`),
  };
}
