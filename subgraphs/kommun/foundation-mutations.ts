import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { SubgraphBuilder, SubgraphTypes } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { FoundationTypes } from '../../schema/foundation-types.js';
import { addSituationPictureInput } from '../../schema/situation-picture.js';
import type { KommunContext } from './kommun-context.js';

type Builder = SubgraphBuilder<KommunContext>;
type Input<Shape> = InputObjectRef<SubgraphTypes<KommunContext>, Shape>;

/**
 * The kommun's writes to what its promises stand on, beside its promise writes under
 * `mutation { <slug> { ... } }`. Updates replace the record's content and need the version it
 * is based on.
 */
export function addFoundationMutations(
  builder: Builder,
  Mutations: ObjectRef<SubgraphTypes<KommunContext>, Record<string, never>>,
  enums: SharedEnums,
  types: FoundationTypes<KommunContext>,
  inputs: {
    PeriodInput: Input<{ start: string; end: string }>;
    SignatoryInput: Input<{ name: string; title: string; organisation: string }>;
  },
) {
  const { PeriodInput, SignatoryInput } = inputs;
  const informedPromisesDescription = 'The medborgarlöften it informed; on update, left out they stay, given they replace the list.';

  const SituationPictureInput = addSituationPictureInput(builder, 'SituationPictureInput', { enums, PeriodInput }, (t) => ({
    informedPromiseIds: t.idList({ required: false, description: informedPromisesDescription }),
  }));

  const CitizenDialogueInput = builder.inputType('CitizenDialogueInput', {
    description: 'Medborgardialog: how residents were asked and what came out.',
    fields: (t) => ({
      title: t.string({ required: true }),
      method: t.field({ type: enums.DialogueMethod, required: true }),
      period: t.field({ type: PeriodInput, required: true, description: 'When it ran (one day: start = end).' }),
      participantCount: t.int({ required: false, description: 'Participants or answers, 0 to 1 000 000.' }),
      keyFindings: t.stringList({ required: false }),
      informedPromiseIds: t.idList({ required: false, description: informedPromisesDescription }),
    }),
  });

  const AgreementGoalInput = builder.inputType('AgreementGoalInput', {
    fields: (t) => ({
      text: t.string({ required: true }),
      indicatorId: t.id({ required: false, description: 'The indikator the goal is measured by.' }),
    }),
  });
  const AgreementForumInput = builder.inputType('AgreementForumInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      participants: t.string({ required: true }),
      frequency: t.string({ required: true }),
    }),
  });
  const CollaborationAgreementInput = builder.inputType('CollaborationAgreementInput', {
    description: 'Samverkansöverenskommelse between the kommun and the police area.',
    fields: (t) => ({
      title: t.string({ required: true }),
      period: t.field({ type: PeriodInput, required: true }),
      parties: t.stringList({ required: true, description: 'At least two: the kommun and the police area.' }),
      focusAreas: t.stringList({ required: false }),
      goals: t.field({ type: [AgreementGoalInput], required: false }),
      forums: t.field({ type: [AgreementForumInput], required: false, description: 'Who meets, how often.' }),
      coordinatingFunction: t.string({ required: false }),
      followUpPlan: t.string({ required: true }),
      signatories: t.field({ type: [SignatoryInput], required: false }),
    }),
  });

  const IndicatorValueInput = builder.inputType('IndicatorValueInput', {
    fields: (t) => ({
      value: t.float({ required: true }),
      date: t.field({ type: 'Date', required: true }),
    }),
  });
  const IndicatorInput = builder.inputType('IndicatorInput', {
    description: 'Indikator: what is measured, from which source, and which way it should move.',
    fields: (t) => ({
      name: t.string({ required: true }),
      definition: t.string({ required: true }),
      unit: t.string({ required: true }),
      dataSource: t.field({ type: enums.DataSourceKind, required: true }),
      dataSourceDetail: t.string({ required: false }),
      desiredDirection: t.field({ type: enums.DesiredDirection, required: true }),
      baseline: t.field({ type: IndicatorValueInput, required: false, description: 'Utgångsvärde.' }),
      target: t.field({ type: IndicatorValueInput, required: false, description: 'Målvärde; its date must not be before the baseline’s.' }),
    }),
  });
  const MeasurementInput = builder.inputType('MeasurementInput', {
    description: 'Mätning: one value of an indikator; one per indicator and date.',
    fields: (t) => ({
      date: t.field({ type: 'Date', required: true }),
      value: t.float({ required: true }),
      note: t.string({ required: false }),
    }),
  });

  const basedOn = 'The version the change is based on.';

  builder.objectFields(Mutations, (t) => ({
    recordSituationPicture: t.field({
      type: types.SituationPicture,
      args: { input: t.arg({ type: SituationPictureInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.recordSituationPicture(ctx.viewer, input),
    }),
    updateSituationPicture: t.field({
      type: types.SituationPicture,
      args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: basedOn }), input: t.arg({ type: SituationPictureInput, required: true }) },
      resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.foundationWrites.updateSituationPicture(ctx.viewer, String(id), expectedVersion, input),
    }),
    recordCitizenDialogue: t.field({
      type: types.CitizenDialogue,
      args: { input: t.arg({ type: CitizenDialogueInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.recordCitizenDialogue(ctx.viewer, input),
    }),
    updateCitizenDialogue: t.field({
      type: types.CitizenDialogue,
      args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: basedOn }), input: t.arg({ type: CitizenDialogueInput, required: true }) },
      resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.foundationWrites.updateCitizenDialogue(ctx.viewer, String(id), expectedVersion, input),
    }),
    createCollaborationAgreement: t.field({
      type: types.CollaborationAgreement,
      args: { input: t.arg({ type: CollaborationAgreementInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.createCollaborationAgreement(ctx.viewer, input),
    }),
    updateCollaborationAgreement: t.field({
      type: types.CollaborationAgreement,
      args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: basedOn }), input: t.arg({ type: CollaborationAgreementInput, required: true }) },
      resolve: (_root, { id, expectedVersion, input }, ctx) =>
        ctx.foundationWrites.updateCollaborationAgreement(ctx.viewer, String(id), expectedVersion, input),
    }),
    createIndicator: t.field({
      type: types.Indicator,
      args: { input: t.arg({ type: IndicatorInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.createIndicator(ctx.viewer, input),
    }),
    updateIndicator: t.field({
      type: types.Indicator,
      args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int({ required: true, description: basedOn }), input: t.arg({ type: IndicatorInput, required: true }) },
      resolve: (_root, { id, expectedVersion, input }, ctx) => ctx.foundationWrites.updateIndicator(ctx.viewer, String(id), expectedVersion, input),
    }),
    recordMeasurement: t.field({
      type: types.Measurement,
      args: { indicatorId: t.arg.id({ required: true }), input: t.arg({ type: MeasurementInput, required: true }) },
      resolve: (_root, { indicatorId, input }, ctx) => ctx.foundationWrites.recordMeasurement(ctx.viewer, String(indicatorId), input),
    }),
  }));
}
