import { type Kysely, sql } from 'kysely';

/** The police area's own lägesbild summaries (never intelligence), of the same shape as each kommun's. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table situation_picture (
      id text primary key,
      date date not null,
      period_start date not null,
      period_end date not null,
      title text not null,
      summary text not null,
      prioritised_problems text[] default '{}' not null,
      data_sources text[] not null check (data_sources <@ array['NTU', 'LOCAL_SURVEY', 'REPORTED_CRIMES', 'POLICE_REPORTS', 'CITIZEN_DIALOGUE', 'SAFETY_WALK', 'KOMMUN_REPORTS', 'OTHER']::text[]),
      source_kind text not null check (source_kind in ('PUBLISHED', 'ILLUSTRATIVE', 'ENTERED')),
      source_reference text,
      version integer default 1 not null,
      created_at timestamptz default now() not null,
      updated_at timestamptz default now() not null,
      constraint situation_picture_period_order check (period_start <= period_end)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('situation_picture').execute();
}
