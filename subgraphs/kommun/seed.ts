import type { Kysely } from 'kysely';
import type { Kommun } from '../../schema/region.js';
import type { KommunDatabase } from './database.js';
import { ILLUSTRATIVE_NOTE, seedFollowUps, seedIds, seedPromises } from './seed-data.js';

/**
 * Loads the kommun's seed promises in one transaction. Existing rows are left as they are
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
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) continue;
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
    return inserted;
  });
}

/** Seeds on first start: only when the kommun has no promises at all. */
export async function seedIfEmpty(db: Kysely<KommunDatabase>, kommun: Kommun): Promise<number> {
  const existing = await db.selectFrom('citizenPromise').select('id').limit(1).executeTakeFirst();
  return existing ? 0 : seedKommun(db, kommun);
}
