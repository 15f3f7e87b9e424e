import { type Kysely, sql } from 'kysely';

/** Row counts of every table of one database (its migrations' bookkeeping aside), audit log included. */
export async function tableCounts(database: Kysely<any> | unknown): Promise<Record<string, number>> {
  const db = database as Kysely<any>;
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'schema_migration%'
    order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db);
    counts[name] = rows[0]!.n;
  }
  return counts;
}
