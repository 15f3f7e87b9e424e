import { sql, type Kysely } from 'kysely';
import { oneOf } from '../../../domain/check-constraints.js';
import { createSituationPictureTable } from '../../../domain/situation-pictures.js';
import { dataSourceKinds, desiredDirections, dialogueMethods, sourceKinds } from '../../../domain/enums.js';

/**
 * What the promises stand on: lägesbild, medborgardialog, samverkansöverenskommelse and
 * indicators with their measurements, and the links from promises and commitments to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createSituationPictureTable(db);

  await db.schema
    .createTable('citizen_dialogue')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull().check(oneOf('method', dialogueMethods)))
    .addColumn('period_start', 'date', (col) => col.notNull())
    .addColumn('period_end', 'date', (col) => col.notNull())
    .addColumn('participant_count', 'integer', (col) => col.check(sql`participant_count >= 0`))
    .addColumn('key_findings', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('citizen_dialogue_period_order', sql`period_start <= period_end`)
    .execute();

  // Goals, forums and signatories are small ordered lists owned by the agreement and always
  // written whole, so they are jsonb columns rather than tables of their own.
  await db.schema
    .createTable('collaboration_agreement')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('period_start', 'date', (col) => col.notNull())
    .addColumn('period_end', 'date', (col) => col.notNull())
    .addColumn('parties', sql`text[]`, (col) => col.notNull())
    .addColumn('focus_areas', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('goals', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'`))
    .addColumn('forums', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'`))
    .addColumn('coordinating_function', 'text')
    .addColumn('follow_up_plan', 'text', (col) => col.notNull())
    .addColumn('signatories', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'`))
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('collaboration_agreement_period_order', sql`period_start <= period_end`)
    .execute();

  await db.schema
    .createTable('indicator')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('unit', 'text', (col) => col.notNull())
    .addColumn('data_source', 'text', (col) => col.notNull().check(oneOf('data_source', dataSourceKinds)))
    .addColumn('data_source_detail', 'text')
    .addColumn('desired_direction', 'text', (col) => col.notNull().check(oneOf('desired_direction', desiredDirections)))
    .addColumn('baseline_value', 'double precision')
    .addColumn('baseline_date', 'date')
    .addColumn('target_value', 'double precision')
    .addColumn('target_date', 'date')
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('indicator_baseline_whole', sql`(baseline_value is null) = (baseline_date is null)`)
    .addCheckConstraint('indicator_target_whole', sql`(target_value is null) = (target_date is null)`)
    .execute();

  await db.schema
    .createTable('measurement')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('indicator_id', 'text', (col) => col.notNull().references('indicator.id').onDelete('cascade'))
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('source_kind', 'text', (col) => col.notNull().check(oneOf('source_kind', sourceKinds)))
    .addColumn('source_reference', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('measurement_indicator_date', ['indicator_id', 'date'])
    .execute();

  await db.schema
    .alterTable('citizen_promise')
    .addColumn('agreement_id', 'text', (col) => col.references('collaboration_agreement.id'))
    .execute();
  await db.schema.createIndex('citizen_promise_agreement_id').on('citizen_promise').column('agreement_id').execute();

  // Links, each owned by the record named first in the table's name.
  const links = [
    ['situation_picture_promise', 'situation_picture_id', 'situation_picture'],
    ['citizen_dialogue_promise', 'citizen_dialogue_id', 'citizen_dialogue'],
    ['promise_indicator', 'indicator_id', 'indicator'],
  ] as const;
  for (const [table, column, references] of links) {
    await db.schema
      .createTable(table)
      .addColumn(column, 'text', (col) => col.notNull().references(`${references}.id`).onDelete('cascade'))
      .addColumn('promise_id', 'text', (col) => col.notNull().references('citizen_promise.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pkey`, [column, 'promise_id'])
      .execute();
    await db.schema.createIndex(`${table}_promise_id`).on(table).column('promise_id').execute();
  }
  await db.schema
    .createTable('commitment_indicator')
    .addColumn('commitment_id', 'text', (col) => col.notNull().references('commitment.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (col) => col.notNull().references('indicator.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('commitment_indicator_pkey', ['commitment_id', 'indicator_id'])
    .execute();
  await db.schema.createIndex('commitment_indicator_indicator_id').on('commitment_indicator').column('indicator_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['commitment_indicator', 'promise_indicator', 'citizen_dialogue_promise', 'situation_picture_promise']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('citizen_promise').dropColumn('agreement_id').execute();
  for (const table of ['measurement', 'indicator', 'collaboration_agreement', 'citizen_dialogue', 'situation_picture']) {
    await db.schema.dropTable(table).execute();
  }
}
