import type DataLoader from 'dataloader';
import type { KommunReadContext } from './kommun-read-context.js';
import type { SubgraphBuilder } from './builder.js';
import type { SharedEnums } from './enums.js';
import { requireInternalReader, type Viewer } from '../domain/access.js';
import type { Kommun } from '../domain/region.js';
import { addSourceType } from './record-fields.js';
import type {
  ActivityRecord,
  CitizenPromiseRecord,
  CommitmentRecord,
  FollowUpRecord,
  PromiseFilter,
  SignatoryFields,
  SignatoryRecord,
} from '../domain/records.js';
import { versionField } from './record-fields.js';
import { addPeriodType, periodOf } from './period.js';



/**
 * Kommun-owned types appear in every kommun subgraph. They are `@shareable` and their keys are
 * `resolvable: false`: no subgraph may be asked for a promise by key, since the query planner
 * would pick an arbitrary kommun (docs/architecture.md, "Routing").
 */
export function sharedEntity<Context extends object>(builder: SubgraphBuilder<Context>, ref: Parameters<SubgraphBuilder<Context>['asEntity']>[0]) {
  builder.asEntity(ref, {
    key: builder.keyDirective(builder.selection<{ id: string }>('id'), false),
    resolveReference: () => {
      throw new Error('Kommun-owned records are never resolved by key');
    },
  });
}

export function addPromiseTypes<Context extends KommunReadContext>(builder: SubgraphBuilder<Context>, enums: SharedEnums) {
  const Source = addSourceType(builder, enums);

  const Period = addPeriodType(builder);

  const Signatory = builder.objectRef<SignatoryFields>('Signatory').implement({
    description: 'Undertecknare: a public official who signed a medborgarlöfte or samverkansöverenskommelse.',
    shareable: true,
    fields: (t) => ({
      name: t.exposeString('name'),
      title: t.exposeString('title', { description: 'The role, e.g. kommunstyrelsens ordförande.' }),
      organisation: t.exposeString('organisation'),
    }),
  });

  const Target = builder
    .objectRef<{ text: string; yearlyCount: number | null }>('Target')
    .implement({
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
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, FollowUp);

  const Commitment = builder.objectRef<CommitmentRecord>('Commitment').implement({
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
        resolve: (c, _args, ctx) => ctx.loaders.activitiesByCommitment.load(c.id),
      }),
      followUps: t.field({
        type: [FollowUp],
        description: 'Uppföljningar of this åtagande, oldest first.',
        resolve: (c, _args, ctx) => ctx.loaders.followUpsByCommitment.load(c.id),
      }),
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
      signedOn: t.field({ type: 'Date', nullable: true, resolve: (p) => p.signedOn }),
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
      commitments: t.field({
        type: [Commitment],
        description: 'Åtaganden, in the order the promise lists them.',
        resolve: (p, _args, ctx) => ctx.loaders.commitmentsByPromise.load(p.id),
      }),
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

  return { CitizenPromise, Commitment, Activity, FollowUp, Period, Signatory, Source };
}
export type PromiseTypes<Context extends KommunReadContext = KommunReadContext> = ReturnType<typeof addPromiseTypes<Context>>;
