import type { Insertable, InsertResult, Kysely, Transaction } from 'kysely';
import type { Kommun } from '../../domain/region.js';
import { signingColumns } from '../../domain/signing-dates.js';
import type { KommunDatabase } from './database.js';
import type { LinkTable } from './links.js';
import { ILLUSTRATIVE_NOTE, type SeedRelease, seedFollowUps, seedIds, seedPromises } from './seed-data.js';
import { seedFoundations } from './seed-foundation-data.js';

type Trx = Transaction<KommunDatabase>;

/**
 * Loads the kommun's seed records that this database has not received yet, in one transaction:
 * promises (with their signatories, commitments, activities and follow-ups) and what they stand
 * on. Each record received is marked in `seeded_record`, so a record an editor changed, withdrew
 * or removed is never written again, and a seed record added to the project later arrives on the
 * next start. Returns how many promises were new.
 */
export async function seedKommun(db: Kysely<KommunDatabase>, kommun: Kommun): Promise<number> {
  const promises = seedPromises[kommun.slug] ?? [];
  return db.transaction().execute(async (trx) => {
    const received = await receivedSeedRecords(trx, kommun);
    let inserted = 0;
    for (const seed of promises) {
      const promiseId = seedIds.promise(kommun, seed.key);
      if (received.has(promiseId)) continue;
      await markReceived(trx, promiseId);
      const result = await trx
        .insertInto('citizenPromise')
        .values({
          id: promiseId,
          title: seed.title,
          summary: seed.summary,
          periodStart: seed.period.start,
          periodEnd: seed.period.end,
          status: seed.status,
          ...signingColumns(seed.signing),
          focusAreas: seed.focusAreas,
          extendsId: seed.extendsKey ? seedIds.promise(kommun, seed.extendsKey) : null,
          previousId: seed.previousKey ? seedIds.promise(kommun, seed.previousKey) : null,
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
            carriedOverFromId:
              seed.extendsKey !== undefined && commitment.carriedOverFromIndex !== undefined
                ? seedIds.commitment(seedIds.promise(kommun, seed.extendsKey), commitment.carriedOverFromIndex)
                : null,
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
    await seedFoundationsOf(trx, kommun, received);
    await completeUneditedPromises(trx, kommun, received);
    return inserted;
  });
}

/**
 * Facts added to seed promises a database already has (their predecessor, their signing date,
 * the commitments carried over), written only into what no editor has touched: the first
 * version, not withdrawn, and only where the database has nothing yet.
 */
async function completeUneditedPromises(trx: Trx, kommun: Kommun, received: Set<string>): Promise<void> {
  for (const seed of seedPromises[kommun.slug] ?? []) {
    const promiseId = seedIds.promise(kommun, seed.key);
    if (!received.has(promiseId)) continue;
    const unedited = trx
      .updateTable('citizenPromise')
      .where('id', '=', promiseId)
      .where('version', '=', 1)
      .where('withdrawnAt', 'is', null);
    if (seed.previousKey)
      await unedited
        .set({ previousId: seedIds.promise(kommun, seed.previousKey) })
        .where('previousId', 'is', null)
        .execute();
    if (seed.signing) await unedited.set(signingColumns(seed.signing)).where('signedPrecision', 'is', null).execute();
    for (const [index, commitment] of seed.commitments.entries()) {
      if (seed.extendsKey === undefined || commitment.carriedOverFromIndex === undefined) continue;
      await trx
        .updateTable('commitment')
        .set({
          carriedOverFromId: seedIds.commitment(
            seedIds.promise(kommun, seed.extendsKey),
            commitment.carriedOverFromIndex,
          ),
        })
        .where('id', '=', seedIds.commitment(promiseId, index))
        .where('version', '=', 1)
        .where('withdrawnAt', 'is', null)
        .where('carriedOverFromId', 'is', null)
        .execute();
    }
  }
}

/**
 * The top-level seed records (promises and what they stand on) this database has received. A
 * database seeded before they were marked has received every record of the first seed release,
 * whether it still has them or not: those are marked, so none an editor removed comes back.
 */
async function receivedSeedRecords(trx: Trx, kommun: Kommun): Promise<Set<string>> {
  const marked = await trx.selectFrom('seededRecord').select('id').execute();
  if (marked.length > 0) return new Set(marked.map((row) => row.id));
  const seededBefore = await trx
    .selectFrom('citizenPromise')
    .select('id')
    .where('sourceKind', '!=', 'ENTERED')
    .limit(1)
    .executeTakeFirst();
  if (!seededBefore) return new Set();
  const firstRelease = seedRecordIds(kommun)
    .filter((record) => (record.seedRelease ?? 1) === 1)
    .map((record) => record.id);
  for (const id of firstRelease) await markReceived(trx, id);
  return new Set(firstRelease);
}

/** Every top-level seed record of the kommun, with the release that added it. */
function seedRecordIds(kommun: Kommun): ({ id: string } & SeedRelease)[] {
  const id = (key: string) => seedIds.promise(kommun, key);
  const foundations = seedFoundations[kommun.slug];
  return [
    ...(seedPromises[kommun.slug] ?? []),
    ...(foundations
      ? [
          ...foundations.situationPictures,
          ...foundations.dialogues,
          ...foundations.indicators,
          ...foundations.agreements,
        ]
      : []),
  ].map((record) => ({ id: id(record.key), seedRelease: record.seedRelease }));
}

async function markReceived(trx: Trx, id: string): Promise<void> {
  await trx
    .insertInto('seededRecord')
    .values({ id })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Lägesbild, dialogues, indicators and agreements, linked to the seeded promises. A record that
 * exists already is left as it is, links included: an editor may have changed them since.
 */
async function seedFoundationsOf(trx: Trx, kommun: Kommun, received: Set<string>): Promise<void> {
  const seed = seedFoundations[kommun.slug];
  if (!seed) return;
  const id = (key: string) => seedIds.promise(kommun, key);
  /** True for a record this database has not received yet, now marked as received. */
  const receiving = async (key: string) => {
    if (received.has(id(key))) return false;
    await markReceived(trx, id(key));
    return true;
  };

  for (const picture of seed.situationPictures) {
    const { key, period, informedPromiseKeys, seedRelease: _release, ...values } = picture;
    if (!(await receiving(key))) continue;
    const inserted = await trx
      .insertInto('situationPicture')
      .values({ ...values, id: id(key), periodStart: period.start, periodEnd: period.end })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (isNew(inserted))
      await link(
        trx,
        'situationPicturePromise',
        informedPromiseKeys.map((promiseKey) => ({ situationPictureId: id(key), promiseId: id(promiseKey) })),
      );
  }
  for (const dialogue of seed.dialogues) {
    const { key, period, informedPromiseKeys, seedRelease: _release, ...values } = dialogue;
    if (!(await receiving(key))) continue;
    const inserted = await trx
      .insertInto('citizenDialogue')
      .values({ ...values, id: id(key), periodStart: period.start, periodEnd: period.end })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (isNew(inserted))
      await link(
        trx,
        'citizenDialoguePromise',
        informedPromiseKeys.map((promiseKey) => ({ citizenDialogueId: id(key), promiseId: id(promiseKey) })),
      );
  }
  for (const indicator of seed.indicators) {
    const {
      key,
      baseline,
      target,
      measurements,
      promiseKeys,
      commitments,
      seedRelease: _release,
      ...values
    } = indicator;
    if (!(await receiving(key))) continue;
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
    await link(
      trx,
      'promiseIndicator',
      promiseKeys.map((promiseKey) => ({ indicatorId: id(key), promiseId: id(promiseKey) })),
    );
    await link(
      trx,
      'commitmentIndicator',
      commitments.map((c) => ({ indicatorId: id(key), commitmentId: seedIds.commitment(id(c.promiseKey), c.index) })),
    );
  }
  for (const agreement of seed.agreements) {
    const { key, period, goals, forums, promiseKeys, seedRelease: _release, ...values } = agreement;
    if (!(await receiving(key))) continue;
    const inserted = await trx
      .insertInto('collaborationAgreement')
      .values({
        ...values,
        id: id(key),
        periodStart: period.start,
        periodEnd: period.end,
        goals: JSON.stringify(
          goals.map((g) => ({ text: g.text, indicatorId: g.indicatorKey ? id(g.indicatorKey) : null })),
        ),
        forums: JSON.stringify(forums),
        signatories: '[]',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    // Only a newly seeded agreement is linked, and only to promises not linked by their editors.
    if (isNew(inserted) && promiseKeys.length > 0) {
      await trx
        .updateTable('citizenPromise')
        .set({ agreementId: id(key) })
        .where('id', 'in', promiseKeys.map(id))
        .where('agreementId', 'is', null)
        .execute();
    }
  }
}

function isNew(result: InsertResult | undefined): boolean {
  return Number(result?.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function link<Table extends LinkTable>(
  trx: Trx,
  table: Table,
  rows: Insertable<KommunDatabase[Table]>[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto(table).values(rows).execute();
}

/** Seeds on every start: the seed records this database has not received yet (all of them when it is new). */
export function seedNewRecords(db: Kysely<KommunDatabase>, kommun: Kommun): Promise<number> {
  return seedKommun(db, kommun);
}
