import type { SubgraphBuilder } from '../../schema/builder.js';
import { addPeriodInput } from '../../schema/period.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { FoundationTypes } from '../../schema/foundation-types.js';
import type { PromiseTypes } from '../../schema/promise-types.js';
import { municipalityMutationsTypeName, municipalityRootField, type Kommun } from '../../domain/region.js';
import type { KommunContext } from './kommun-context.js';
import { addFoundationMutations } from './foundation-mutations.js';

type Builder = SubgraphBuilder<KommunContext>;

/** The kommun's writes, namespaced like its reads: `mutation { umea { createPromise(...) } }`. */
export function addKommunMutations(
  builder: Builder,
  kommun: Kommun,
  enums: SharedEnums,
  types: PromiseTypes<KommunContext>,
  foundationTypes: FoundationTypes<KommunContext>,
) {
  const PeriodInput = addPeriodInput(builder);
  const SignatoryInput = builder.inputType('SignatoryInput', {
    description: 'Undertecknare: a public official who signs.',
    fields: (t) => ({
      name: t.string({ required: true }),
      title: t.string({ required: true }),
      organisation: t.string({ required: true }),
    }),
  });
  const CreatePromiseInput = builder.inputType('CreatePromiseInput', {
    description: 'A new medborgarlöfte; it starts as a DRAFT.',
    fields: (t) => ({
      title: t.string({ required: true }),
      summary: t.string({ required: true }),
      period: t.field({ type: PeriodInput, required: true }),
      focusAreas: t.stringList({ required: false }),
      signedOn: t.field({ type: 'Date', required: false }),
      signatories: t.field({ type: [SignatoryInput], required: false }),
      extendsId: t.id({ required: false, description: 'The earlier promise this one prolongs.' }),
      internalNote: t.string({ required: false }),
      collaborationAgreementId: t.id({ required: false, description: 'The samverkansöverenskommelse this promise is the public part of.' }),
      indicatorIds: t.idList({ required: false, description: 'The indikatorer the promise as a whole is followed by.' }),
    }),
  });
  const UpdatePromiseInput = builder.inputType('UpdatePromiseInput', {
    description: 'Changes to a medborgarlöfte; fields left out stay as they are. Signatories, when given, replace the list.',
    fields: (t) => ({
      title: t.string({ required: false }),
      summary: t.string({ required: false }),
      period: t.field({ type: PeriodInput, required: false }),
      focusAreas: t.stringList({ required: false }),
      signedOn: t.field({ type: 'Date', required: false }),
      signatories: t.field({ type: [SignatoryInput], required: false }),
      internalNote: t.string({ required: false }),
      collaborationAgreementId: t.id({ required: false, description: 'Links the samverkansöverenskommelse; null unlinks it.' }),
      indicatorIds: t.idList({ required: false, description: 'Replaces the indikatorer the promise is followed by.' }),
      status: t.field({ type: enums.PromiseStatus, required: false, description: 'ACTIVE → COMPLETED or WITHDRAWN.' }),
    }),
  });
  const TargetInput = builder.inputType('TargetInput', {
    fields: (t) => ({
      text: t.string({ required: true }),
      yearlyCount: t.int({ required: false }),
    }),
  });
  const CommitmentInput = builder.inputType('CommitmentInput', {
    description: 'Åtagande: who acts and what they do.',
    fields: (t) => ({
      text: t.string({ required: true }),
      responsible: t.field({ type: enums.ResponsibleParty, required: true }),
      otherParty: t.string({ required: false, description: 'Required exactly when responsible is OTHER.' }),
      target: t.field({ type: TargetInput, required: false }),
      indicatorIds: t.idList({ required: false, description: 'The indikatorer the åtagande is followed by; left out on update, they stay.' }),
    }),
  });
  const ActivityInput = builder.inputType('ActivityInput', {
    description: 'Aktivitet carried out (or planned) by the kommun.',
    fields: (t) => ({
      date: t.field({ type: 'Date', required: true }),
      kind: t.field({ type: enums.ActivityKind, required: true }),
      place: t.string({ required: true }),
      description: t.string({ required: true }),
      outcome: t.string({ required: false }),
    }),
  });
  const FollowUpInput = builder.inputType('FollowUpInput', {
    description: 'Uppföljning of a commitment.',
    fields: (t) => ({
      date: t.field({ type: 'Date', required: true }),
      status: t.field({ type: enums.FollowUpStatus, required: true }),
      note: t.string({ required: true }),
    }),
  });

  const Mutations = builder.objectRef<Record<string, never>>(municipalityMutationsTypeName(kommun)).implement({
    description: `Changes to ${kommun.organisation}’s medborgarlöften and what they stand on. Every one needs an editor token of ${kommun.slug}, is validated, audited, and versioned.`,
    fields: (t) => ({
      createPromise: t.field({
        type: types.CitizenPromise,
        args: { input: t.arg({ type: CreatePromiseInput, required: true }) },
        resolve: (_root, { input }, ctx) => ctx.writes.createPromise(ctx.viewer, input),
      }),
      updatePromise: t.field({
        type: types.CitizenPromise,
        args: {
          id: t.arg.id({ required: true }),
          expectedVersion: t.arg.int({ required: true, description: 'The version the change is based on.' }),
          input: t.arg({ type: UpdatePromiseInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.writes.updatePromise(ctx.viewer, String(id), expectedVersion, input),
      }),
      publishPromise: t.field({
        type: types.CitizenPromise,
        description: 'Makes a draft ACTIVE, and so public.',
        args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true }) },
        resolve: (_root, { id, expectedVersion }, ctx) => ctx.writes.publishPromise(ctx.viewer, String(id), expectedVersion),
      }),
      addCommitment: t.field({
        type: types.Commitment,
        args: { promiseId: t.arg.id({ required: true }), input: t.arg({ type: CommitmentInput, required: true }) },
        resolve: (_root, { promiseId, input }, ctx) => ctx.writes.addCommitment(ctx.viewer, String(promiseId), input),
      }),
      updateCommitment: t.field({
        type: types.Commitment,
        args: {
          id: t.arg.id({ required: true }),
          expectedVersion: t.arg.int({ required: true }),
          input: t.arg({ type: CommitmentInput, required: true }),
        },
        resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.writes.updateCommitment(ctx.viewer, String(id), expectedVersion, input),
      }),
      recordActivity: t.field({
        type: types.Activity,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: ActivityInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) => ctx.writes.recordActivity(ctx.viewer, String(commitmentId), input),
      }),
      recordFollowUp: t.field({
        type: types.FollowUp,
        args: { commitmentId: t.arg.id({ required: true }), input: t.arg({ type: FollowUpInput, required: true }) },
        resolve: (_root, { commitmentId, input }, ctx) => ctx.writes.recordFollowUp(ctx.viewer, String(commitmentId), input),
      }),
    }),
  });

  addFoundationMutations(builder, Mutations, enums, foundationTypes, { PeriodInput, SignatoryInput });

  builder.mutationType({ description: 'Changes, each by the party that owns the data.' });
  builder.mutationField(municipalityRootField(kommun), (t) =>
    t.field({ type: Mutations, description: `Changes to ${kommun.organisation}’s data.`, resolve: () => ({}) }),
  );
}
