import type { ObjectRef } from '@pothos/core';
import { dateRange, dateRangeArgs, inDateRange } from '../domain/date-range.js';
import type { FollowUpStatus } from '../domain/enums.js';
import type { Created, FollowUpRecord, MeasurementRecord, Timestamps, WithdrawalFields } from '../domain/records.js';
import { withoutWithdrawn } from '../domain/withdrawals.js';
import type { SubgraphBuilder } from './builder.js';
import { latestFollowUp, latestFollowUps } from './foundation-types.js';
import type { KommunReadContext } from './kommun-read-context.js';
import type { PromiseTypes } from './promise-types.js';

/**
 * Fields for reporting tools on the kommun's promise types: aggregates a table needs per row
 * (commitments by status, the latest follow-up, activity counts in a period), so a tool need not
 * add them up itself. Each loads through the request's DataLoaders, like every field.
 */
type CommitmentCounts = Record<'total' | 'notFollowedUp', number> & Record<FollowUpStatus, number>;

export function countByLatestStatus(latest: readonly (FollowUpRecord | null)[]): CommitmentCounts {
  const count = (status: FollowUpStatus) => latest.filter((f) => f?.status === status).length;
  return {
    total: latest.length,
    notFollowedUp: latest.filter((f) => f === null).length,
    NOT_STARTED: count('NOT_STARTED'),
    ON_TRACK: count('ON_TRACK'),
    DELAYED: count('DELAYED'),
    DONE: count('DONE'),
  };
}

export function addReportingFields<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  types: Pick<PromiseTypes<Context>, 'CitizenPromise' | 'Commitment' | 'FollowUp' | 'Activity'> & {
    Measurement: ObjectRef<any, MeasurementRecord>;
  },
) {
  const { CitizenPromise, Commitment, FollowUp } = types;

  // When records were made and changed, so a tool can sync what changed since its last run.
  const createdAt = { description: 'When the record was stored in the hub (seeded records: when seeded).' };
  const updatedAt = { description: 'When the record was last changed in the hub.' };
  for (const ref of [types.Activity, types.FollowUp, types.Measurement] as ObjectRef<any, Created>[]) {
    builder.objectField(ref, 'createdAt', (t) =>
      t.field({ type: 'DateTime', ...createdAt, resolve: (r) => r.createdAt }),
    );
  }
  for (const ref of [CitizenPromise, Commitment] as ObjectRef<any, Timestamps>[]) {
    builder.objectFields(ref, (t) => ({
      createdAt: t.field({ type: 'DateTime', ...createdAt, resolve: (r) => r.createdAt }),
      updatedAt: t.field({ type: 'DateTime', ...updatedAt, resolve: (r) => r.updatedAt }),
    }));
  }
  builder.objectField(CitizenPromise, 'publishedAt', (t) =>
    t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the promise was published through the hub (from its audit log); null for a draft and for seeded promises, whose signedOn tells when.',
      resolve: (p, _args, ctx) => ctx.loaders.publishedAtByPromise.load(p.id),
    }),
  );

  const CommitmentCountsType = builder.objectRef<CommitmentCounts>('CommitmentCounts').implement({
    description: 'Åtaganden counted by the status of their latest uppföljning; one column each in a report.',
    shareable: true,
    fields: (t) => ({
      total: t.exposeInt('total'),
      notFollowedUp: t.exposeInt('notFollowedUp', { description: 'Not yet followed up.' }),
      notStarted: t.exposeInt('NOT_STARTED', { description: 'Ej påbörjad.' }),
      onTrack: t.exposeInt('ON_TRACK', { description: 'Pågår enligt plan.' }),
      delayed: t.exposeInt('DELAYED', { description: 'Försenad.' }),
      done: t.exposeInt('DONE', { description: 'Genomförd.' }),
    }),
  });

  builder.objectFields(CitizenPromise, (t) => ({
    commitmentCounts: t.field({
      type: CommitmentCountsType,
      description: 'The promise’s åtaganden counted by the status of their latest uppföljning.',
      resolve: async (p, _args, ctx) => countByLatestStatus(await latestFollowUps(ctx, p)),
    }),
    latestFollowUp: t.field({
      type: FollowUp,
      nullable: true,
      description: 'The newest uppföljning of any of its åtaganden; null if none is followed up yet.',
      resolve: async (p, _args, ctx) =>
        (await latestFollowUps(ctx, p)).reduce<FollowUpRecord | null>(
          (newest, f) => (f && (!newest || f.date > newest.date) ? f : newest),
          null,
        ),
    }),
  }));

  builder.objectFields(Commitment, (t) => ({
    latestFollowUp: t.field({
      type: FollowUp,
      nullable: true,
      description: 'The newest uppföljning of this åtagande; null if not yet followed up.',
      resolve: (c, _args, ctx) => latestFollowUp(ctx, c),
    }),
    activityCount: t.int({
      description: 'How many of the kommun’s aktiviteter under this åtagande fall in the dates (all, without them).',
      args: {
        from: t.arg({ type: 'Date', required: false, description: dateRangeArgs.from }),
        to: t.arg({ type: 'Date', required: false, description: dateRangeArgs.to }),
      },
      resolve: async (c, args, ctx) => {
        const range = dateRange(args.from as string | null | undefined, args.to as string | null | undefined);
        return withoutWithdrawn(await ctx.loaders.activitiesByCommitment.load(c.id), false).filter((a) =>
          inDateRange(a.date, range),
        ).length;
      },
    }),
  }));
  return { CommitmentCounts: CommitmentCountsType };
}

/**
 * Aggregates of a whole kommun on its own `<Slug>Municipality` (reached by `Query.<slug>`; not on
 * the police subgraph's interface, which knows kommun-owned types only as entity stubs).
 */
export function addKommunAggregates<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  municipality: ObjectRef<any, unknown>,
  CommitmentCounts: ObjectRef<any, CommitmentCounts>,
) {
  builder.objectFields(municipality, (t) => ({
    commitmentCounts: t.field({
      type: CommitmentCounts,
      description:
        'The åtaganden of all the kommun’s public promises (or those active on a date), counted by the status of their latest uppföljning.',
      args: {
        activeOn: t.arg({
          type: 'Date',
          required: false,
          description: 'Only promises whose period includes this date.',
        }),
      },
      resolve: async (_m, args, ctx) => {
        const promises = withoutWithdrawn(
          await ctx.loaders.promises.load({
            status: null,
            activeOn: (args.activeOn as string | null | undefined) ?? null,
          }),
          false,
        );
        return countByLatestStatus((await Promise.all(promises.map((p) => latestFollowUps(ctx, p)))).flat());
      },
    }),
    activityCount: t.int({
      description: 'How many of the kommun’s aktiviteter (under its public promises) fall in the dates.',
      args: {
        from: t.arg({ type: 'Date', required: false, description: dateRangeArgs.from }),
        to: t.arg({ type: 'Date', required: false, description: dateRangeArgs.to }),
      },
      resolve: async (_m, args, ctx) => {
        const range = dateRange(args.from as string | null | undefined, args.to as string | null | undefined);
        // Withdrawn records are never counted, as in the citizen report.
        const standing = <Row extends WithdrawalFields>(lists: Row[][]) => withoutWithdrawn(lists.flat(), false);
        const promises = withoutWithdrawn(await ctx.loaders.promises.load({ status: null, activeOn: null }), false);
        const commitments = standing(
          await Promise.all(promises.map((p) => ctx.loaders.commitmentsByPromise.load(p.id))),
        );
        const activities = standing(
          await Promise.all(commitments.map((c) => ctx.loaders.activitiesByCommitment.load(c.id))),
        );
        return activities.filter((a) => inDateRange(a.date, range)).length;
      },
    }),
  }));
}
