import type { InsertResult, Insertable, Kysely, Transaction } from 'kysely';
import type { Kommun } from '../../domain/region.js';
import type { KommunDatabase } from './database.js';
import type { LinkTable } from './links.js';
import { seedFoundations } from './seed-foundation-data.js';
import { ILLUSTRATIVE_NOTE, seedFollowUps, seedIds, seedPromises } from './seed-data.js';

/**
 * Loads the kommun's seed promises, and what they stand on, in one transaction. Existing rows are left as they are
 * (`ON CONFLICT DO NOTHING`), so seeding twice changes nothing and never overwrites edits.
 * Returns how many promises were new.
 */
export async function seedKommun(db: Kysely<KommunDatabase>, kommun: Kommun): Promise<number> {
  const promises = seedPromises[kommun.slug] ?? [];
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (const seed of promises) {
      const promiseId = seedIds.promise(kommun, seed.key);
      const result = await trx
        .insertInto('citizenPromise')
        .values({
          id: promiseId,
          title: seed.title,
          summary: seed.summary,
          periodStart: seed.period.start,
          periodEnd: seed.period.end,
          status: seed.status,
          signedOn: seed.signedOn,
          focusAreas: seed.focusAreas,
          extendsId: seed.extendsKey ? seedIds.promise(kommun, seed.extendsKey) : null,
          sourceKind: seed.sourceKind,
          sourceReference: seed.sourceReference,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (!isNew(result)) continue;
      inserted += 1;

      if (seed.signatories.length > 0) {
        await trx
          .insertInto('signatory')
          .values(seed.signatories.map((s, position) => ({ ...s, promiseId, position })))
          .execute();
      }
      for (const [index, commitment] of seed.commitments.entries()) {
        const commitmentId = seedIds.commitment(promiseId, index);
        await trx
          .insertInto('commitment')
          .values({
            id: commitmentId,
            promiseId,
            position: index,
            text: commitment.text,
            responsible: commitment.responsible,
            otherParty: commitment.otherParty ?? null,
            targetText: commitment.target?.text ?? null,
            targetYearlyCount: commitment.target?.yearlyCount ?? null,
            sourceKind: commitment.sourceKind,
            sourceReference: commitment.sourceKind === 'PUBLISHED' ? seed.sourceReference : ILLUSTRATIVE_NOTE,
          })
          .execute();
        const activities = commitment.activities ?? [];
        if (activities.length > 0) {
          await trx
            .insertInto('activity')
            .values(
              activities.map((activity, i) => ({
                ...activity,
                id: seedIds.activity(commitmentId, i),
                commitmentId,
                sourceKind: 'ILLUSTRATIVE' as const,
                sourceReference: ILLUSTRATIVE_NOTE,
              })),
            )
            .execute();
        }
        await trx
          .insertInto('followUp')
          .values(
            seedFollowUps(seed.period).map(({ year, ...followUp }) => ({
              ...followUp,
              id: seedIds.followUp(commitmentId, year),
              commitmentId,
              sourceKind: 'ILLUSTRATIVE' as const,
              sourceReference: null,
            })),
          )
          .execute();
      }
    }
    await seedFoundationsOf(trx, kommun);
    return inserted;
  });
}

/**
 * Lägesbild, dialogues, indicators and agreements, linked to the seeded promises. A record that
 * exists already is left as it is, links included: an editor may have changed them since.
 */
async function seedFoundationsOf(trx: Transaction<KommunDatabase>, kommun: Kommun): Promise<void> {
  const seed = seedFoundations[kommun.slug];
  if (!seed) return;
  const id = (key: string) => seedIds.promise(kommun, key);

  for (const picture of seed.situationPictures) {
    const { key, period, informedPromiseKeys, ...values } = picture;
    const inserted = await trx
      .insertInto('situationPicture')
      .values({ ...values, id: id(key), periodStart: period.start, periodEnd: period.end })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (isNew(inserted)) await link(trx, 'situationPicturePromise', informedPromiseKeys.map((promiseKey) => ({ situationPictureId: id(key), promiseId: id(promiseKey) })));
  }
  for (const dialogue of seed.dialogues) {
    const { key, period, informedPromiseKeys, ...values } = dialogue;
    const inserted = await trx
      .insertInto('citizenDialogue')
      .values({ ...values, id: id(key), periodStart: period.start, periodEnd: period.end })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (isNew(inserted)) await link(trx, 'citizenDialoguePromise', informedPromiseKeys.map((promiseKey) => ({ citizenDialogueId: id(key), promiseId: id(promiseKey) })));
  }
  for (const indicator of seed.indicators) {
    const { key, baseline, target, measurements, promiseKeys, commitments, ...values } = indicator;
    const inserted = await trx
      .insertInto('indicator')
      .values({
        ...values,
        id: id(key),
        baselineValue: baseline?.value ?? null,
        baselineDate: baseline?.date ?? null,
        targetValue: target?.value ?? null,
        targetDate: target?.date ?? null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (!isNew(inserted)) continue;
    if (measurements.length > 0) {
      await trx
        .insertInto('measurement')
        .values(measurements.map((m) => ({ ...m, id: `${id(key)}-${m.date}`, indicatorId: id(key) })))
        .execute();
    }
    await link(trx, 'promiseIndicator', promiseKeys.map((promiseKey) => ({ indicatorId: id(key), promiseId: id(promiseKey) })));
    await link(
      trx,
      'commitmentIndicator',
      commitments.map((c) => ({ indicatorId: id(key), commitmentId: seedIds.commitment(id(c.promiseKey), c.index) })),
    );
  }
  for (const agreement of seed.agreements) {
    const { key, period, goals, forums, promiseKeys, ...values } = agreement;
    const inserted = await trx
      .insertInto('collaborationAgreement')
      .values({
        ...values,
        id: id(key),
        periodStart: period.start,
        periodEnd: period.end,
        goals: JSON.stringify(goals.map((g) => ({ text: g.text, indicatorId: g.indicatorKey ? id(g.indicatorKey) : null }))),
        forums: JSON.stringify(forums),
        signatories: '[]',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    // Only a newly seeded agreement is linked, and only to promises not linked by their editors.
    if (isNew(inserted) && promiseKeys.length > 0) {
      await trx.updateTable('citizenPromise').set({ agreementId: id(key) }).where('id', 'in', promiseKeys.map(id)).where('agreementId', 'is', null).execute();
    }
  }
}

function isNew(result: InsertResult | undefined): boolean {
  return Number(result?.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function link<Table extends LinkTable>(trx: Transaction<KommunDatabase>, table: Table, rows: Insertable<KommunDatabase[Table]>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto(table).values(rows).execute();
}

/** Seeds on first start: only when the kommun has no promises at all. */
export async function seedIfEmpty(db: Kysely<KommunDatabase>, kommun: Kommun): Promise<number> {
  const existing = await db.selectFrom('citizenPromise').select('id').limit(1).executeTakeFirst();
  return existing ? 0 : seedKommun(db, kommun);
}
