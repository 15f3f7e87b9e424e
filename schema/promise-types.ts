import { requireInternalReader } from '../domain/access.js';
import { todayInSweden } from '../domain/dates.js';
import { phaseOn } from '../domain/promise-lifecycle.js';
import type {
  ActivityRecord,
  CitizenPromiseRecord,
  CommitmentRecord,
  FollowUpRecord,
  SignatoryFields,
} from '../domain/records.js';
import { type SigningDate, signingOf, signingText } from '../domain/signing-dates.js';
import type { SubgraphBuilder } from './builder.js';
import type { SharedEnums } from './enums.js';
import type { KommunReadContext } from './kommun-read-context.js';
import { addPeriodType, periodOf } from './period.js';
import {
  addSourceType,
  addWithdrawalType,
  includeWithdrawnArg,
  listedRecords,
  versionField,
  withdrawalField,
} from './record-fields.js';

/**
 * Kommun-owned types appear in every kommun subgraph. They are `@shareable` and their keys are
 * `resolvable: false`: no subgraph may be asked for a promise by key, since the query planner
 * would pick an arbitrary kommun (docs/architecture.md, "Routing").
 */
export function sharedEntity<Context extends object>(
  builder: SubgraphBuilder<Context>,
  ref: Parameters<SubgraphBuilder<Context>['asEntity']>[0],
) {
  builder.asEntity(ref, {
    key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
    resolveReference: () => {
      throw new Error('Kommun-owned records are never resolved by key');
    },
  });
}

export function addPromiseTypes<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  enums: SharedEnums,
) {
  const Source = addSourceType(builder, enums);

  const Period = addPeriodType(builder);
  const Withdrawal = addWithdrawalType(builder, (ctx) => ctx.kommun.slug);
  const withdrawal = withdrawalField(Withdrawal);

  const SigningDateType = builder.objectRef<SigningDate>('SigningDate').implement({
    description:
      'Undertecknandet: when a medborgarlöfte was signed, as precisely as it is known and no more: a day, a week, a month, a season, a year, or between two days.',
    shareable: true,
    fields: (t) => ({
      precision: t.field({ type: enums.SigningPrecision, resolve: (s) => s.precision }),
      earliest: t.field({ type: 'Date', description: 'The first day it can have been.', resolve: (s) => s.earliest }),
      latest: t.field({
        type: 'Date',
        description: 'The last day it can have been (the same day when the day is known).',
        resolve: (s) => s.latest,
      }),
      text: t.string({
        description:
          'In Swedish, as a page or report prints it: "21 december 2016", "veckan 27 februari–3 mars 2023", "våren 2025", "mars 2023", "2025".',
        resolve: (s) => signingText(s),
      }),
    }),
  });

  const Signatory = builder.objectRef<SignatoryFields>('Signatory').implement({
    description: 'Undertecknare: a public official who signed a medborgarlöfte or samverkansöverenskommelse.',
    shareable: true,
    fields: (t) => ({
      name: t.exposeString('name'),
      title: t.exposeString('title', { description: 'The role, e.g. kommunstyrelsens ordförande.' }),
      organisation: t.exposeString('organisation'),
    }),
  });

  const Target = builder.objectRef<{ text: string; yearlyCount: number | null }>('Target').implement({
    description: 'Mål: the quantified target of an åtagande, where it has one.',
    shareable: true,
    fields: (t) => ({
      text: t.exposeString('text'),
      yearlyCount: t.exposeInt('yearlyCount', {
        nullable: true,
        description: 'How many times a year, e.g. 2 for "at least two joint campaigns a year".',
      }),
    }),
  });

  const Activity = builder.objectRef<ActivityRecord>('Activity').implement({
    description: 'Aktivitet: a planned or carried-out action under an åtagande, owned by the kommun.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      date: t.field({ type: 'Date', resolve: (a) => a.date }),
      kind: t.field({ type: enums.ActivityKind, resolve: (a) => a.kind }),
      place: t.exposeString('place'),
      description: t.exposeString('description'),
      outcome: t.exposeString('outcome', { nullable: true }),
      version: t.exposeInt('version', versionField),
      withdrawal: t.field(withdrawal),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, Activity);

  const FollowUp = builder.objectRef<FollowUpRecord>('FollowUp').implement({
    description: 'Uppföljning: the joint yearly follow-up of an åtagande by kommun and police.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      date: t.field({ type: 'Date', resolve: (f) => f.date }),
      status: t.field({ type: enums.FollowUpStatus, resolve: (f) => f.status }),
      note: t.exposeString('note'),
      version: t.exposeInt('version', versionField),
      withdrawal: t.field(withdrawal),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, FollowUp);

  const CommitmentRef = builder.objectRef<CommitmentRecord>('Commitment');
  const Commitment = CommitmentRef.implement({
    description: 'Åtagande: one item of a medborgarlöfte, naming who acts and what they do.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      text: t.exposeString('text'),
      responsible: t.field({ type: enums.ResponsibleParty, resolve: (c) => c.responsible }),
      otherParty: t.exposeString('otherParty', {
        nullable: true,
        description: 'The third party that acts when `responsible` is OTHER (e.g. a housing company).',
      }),
      target: t.field({
        type: Target,
        nullable: true,
        resolve: (c) => (c.targetText === null ? null : { text: c.targetText, yearlyCount: c.targetYearlyCount }),
      }),
      activities: t.field({
        type: [Activity],
        description: 'The kommun’s aktiviteter under this åtagande, oldest first.',
        args: { includeWithdrawn: t.arg.boolean(includeWithdrawnArg) },
        resolve: async (c, args, ctx) =>
          listedRecords(await ctx.loaders.activitiesByCommitment.load(c.id), ctx, args.includeWithdrawn),
      }),
      followUps: t.field({
        type: [FollowUp],
        description: 'Uppföljningar of this åtagande, oldest first.',
        args: { includeWithdrawn: t.arg.boolean(includeWithdrawnArg) },
        resolve: async (c, args, ctx) =>
          listedRecords(await ctx.loaders.followUpsByCommitment.load(c.id), ctx, args.includeWithdrawn),
      }),
      carriedOverFrom: t.field({
        type: CommitmentRef,
        nullable: true,
        description:
          'Överfört: the åtagande of the extended promise this one was carried over from (`extendPromise`); null for a new one.',
        resolve: (c, _args, ctx) => (c.carriedOverFromId ? ctx.loaders.commitmentById.load(c.carriedOverFromId) : null),
      }),
      addition: t.boolean({
        description:
          'Tillägg: true when the promise extends an earlier one and this åtagande was added rather than carried over.',
        resolve: async (c, _args, ctx) =>
          c.carriedOverFromId === null && Boolean((await ctx.loaders.promiseById.load(c.promiseId))?.extendsId),
      }),
      withdrawal: t.field(withdrawal),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, Commitment);

  const CitizenPromise = builder.objectRef<CitizenPromiseRecord>('CitizenPromise');
  CitizenPromise.implement({
    description: 'Medborgarlöfte: a public, signed promise from a kommun and the police to the people who live there.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Unique across the region: starts with the kommunkod.' }),
      title: t.exposeString('title'),
      summary: t.exposeString('summary'),
      period: t.field({ type: Period, resolve: periodOf }),
      status: t.field({ type: enums.PromiseStatus, resolve: (p) => p.status }),
      signedOn: t.field({
        type: 'Date',
        nullable: true,
        description: 'The signing day, only when the day is known; see `signing` for a week, season or year.',
        resolve: (p) => p.signedOn,
      }),
      signing: t.field({
        type: SigningDateType,
        nullable: true,
        description: 'When it was signed (undertecknat), as precisely as is known; null when not known.',
        resolve: (p) => signingOf(p),
      }),
      phase: t.field({
        type: enums.PromisePhase,
        description:
          'Where it stands on a date (fas): e.g. IN_FORCE (gällande) when signed and the date is within the period.',
        args: { on: t.arg({ type: 'Date', required: false, description: 'The date; today (in Sweden) if left out.' }) },
        resolve: (p, args) => phaseOn(p, args.on ?? todayInSweden()),
      }),
      signatories: t.field({
        type: [Signatory],
        resolve: (p, _args, ctx) => ctx.loaders.signatoriesByPromise.load(p.id),
      }),
      focusAreas: t.exposeStringList('focusAreas', { description: 'Fokusområden.' }),
      extends: t.field({
        type: CitizenPromise,
        nullable: true,
        description: 'The earlier medborgarlöfte this one prolongs, if any.',
        resolve: (p, _args, ctx) => (p.extendsId ? ctx.loaders.promiseById.load(p.extendsId) : null),
      }),
      previous: t.field({
        type: CitizenPromise,
        nullable: true,
        description:
          'Föregående: the kommun’s promise before this one in the chain of promises (whether or not this one extends it); null for the first known.',
        resolve: (p, _args, ctx) => (p.previousId ? ctx.loaders.promiseById.load(p.previousId) : null),
      }),
      commitments: t.field({
        type: [Commitment],
        description: 'Åtaganden, in the order the promise lists them.',
        args: { includeWithdrawn: t.arg.boolean(includeWithdrawnArg) },
        resolve: async (p, args, ctx) =>
          listedRecords(await ctx.loaders.commitmentsByPromise.load(p.id), ctx, args.includeWithdrawn),
      }),
      withdrawal: t.field(withdrawal),
      internalNote: t.string({
        nullable: true,
        description: 'Intern anteckning: readable only with a token of the owning kommun or a coordinator.',
        resolve: (p, _args, ctx) => {
          requireInternalReader(ctx.viewer, ctx.kommun.slug, 'internal notes');
          return p.internalNote;
        },
      }),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, CitizenPromise);

  return {
    CitizenPromise,
    Commitment,
    Activity,
    FollowUp,
    Period,
    Signatory,
    Source,
    Withdrawal,
    SigningDate: SigningDateType,
  };
}

export type PromiseTypes<Context extends KommunReadContext = KommunReadContext> = ReturnType<
  typeof addPromiseTypes<Context>
>;
