import { sql, type Kysely } from 'kysely';
import { oneOf } from '../../../domain/check-constraints.js';
import { activityKinds, followUpStatuses, promiseStatuses, responsibleParties, sourceKinds } from '../../../domain/enums.js';


export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('citizen_promise')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('period_start', 'date', (col) => col.notNull())
    .addColumn('period_end', 'date', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', promiseStatuses)))
    .addColumn('signed_on', 'date')
    .addColumn('focus_areas', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('extends_id', 'text', (col) => col.references('citizen_promise.id'))
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('citizen_promise_period_order', sql`period_start <= period_end`)
    .execute();

  await db.schema
    .createTable('signatory')
    .addColumn('promise_id', 'text', (col) => col.notNull().references('citizen_promise.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('organisation', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('signatory_pkey', ['promise_id', 'position'])
    .execute();

  await db.schema
    .createTable('commitment')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('promise_id', 'text', (col) => col.notNull().references('citizen_promise.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('responsible', 'text', (col) => col.notNull().check(oneOf('responsible', responsibleParties)))
    .addColumn('other_party', 'text')
    .addColumn('target_text', 'text')
    .addColumn('target_yearly_count', 'integer')
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('commitment_other_party', sql`(responsible = 'OTHER') = (other_party is not null)`)
    .execute();
  await db.schema.createIndex('commitment_promise_id').on('commitment').columns(['promise_id', 'position']).execute();

  await db.schema
    .createTable('activity')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('commitment_id', 'text', (col) => col.notNull().references('commitment.id').onDelete('cascade'))
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(oneOf('kind', activityKinds)))
    .addColumn('place', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text')
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('activity_commitment_id').on('activity').columns(['commitment_id', 'date']).execute();

  await db.schema
    .createTable('follow_up')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('commitment_id', 'text', (col) => col.notNull().references('commitment.id').onDelete('cascade'))
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', followUpStatuses)))
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('follow_up_commitment_id').on('follow_up').columns(['commitment_id', 'date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['follow_up', 'activity', 'commitment', 'signatory', 'citizen_promise']) {
    await db.schema.dropTable(table).execute();
  }
}
