import { sql, type Kysely } from 'kysely';
import { oneOf } from '../../../domain/check-constraints.js';
import { sourceKinds } from '../../../domain/enums.js';
import { policeActivityKinds } from '../police-activity-kinds.js';


export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('local_police_area')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('chief_name', 'text', (col) => col.notNull())
    .addColumn('chief_title', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('kommun_contact')
    .addColumn('police_area_id', 'text', (col) => col.notNull().references('local_police_area.id'))
    .addColumn('kommun_code', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addPrimaryKeyConstraint('kommun_contact_pkey', ['police_area_id', 'kommun_code'])
    .execute();

  await db.schema
    .createTable('police_activity')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kommun_code', 'text', (col) => col.notNull())
    .addColumn('commitment_id', 'text', (col) => col.notNull())
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(oneOf('kind', policeActivityKinds)))
    .addColumn('place', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('police_activity_commitment_id').on('police_activity').columns(['commitment_id', 'date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['police_activity', 'kommun_contact', 'local_police_area']) {
    await db.schema.dropTable(table).execute();
  }
}
