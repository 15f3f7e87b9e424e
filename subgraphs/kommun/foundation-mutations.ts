import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { SubgraphBuilder, SubgraphTypes } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { FoundationTypes } from '../../schema/foundation-types.js';
import { addFoundationInputs } from './foundation-inputs.js';
import type { KommunContext } from './kommun-context.js';

type Builder = SubgraphBuilder<KommunContext>;
type Input<Shape> = InputObjectRef<SubgraphTypes<KommunContext>, Shape>;

/**
 * The kommun's writes to what its promises stand on, beside its promise writes under
 * `mutation { <slug> { ... } }`. Updates patch the record and need the version it is based on.
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
  const {
    SituationPictureInput,
    UpdateSituationPictureInput,
    CitizenDialogueInput,
    UpdateCitizenDialogueInput,
    CollaborationAgreementInput,
    UpdateCollaborationAgreementInput,
    IndicatorInput,
    UpdateIndicatorInput,
    MeasurementInput,
  } = addFoundationInputs(builder, enums, inputs);

  const basedOn = 'The version the change is based on.';

  builder.objectFields(Mutations, (t) => ({
    recordSituationPicture: t.field({
      type: types.SituationPicture,
      args: { input: t.arg({ type: SituationPictureInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.recordSituationPicture(ctx.viewer, input),
    }),
    updateSituationPicture: t.field({
      type: types.SituationPicture,
      args: {
        id: t.arg.id({ required: true }),
        expectedVersion: t.arg.int({ required: true, description: basedOn }),
        input: t.arg({ type: UpdateSituationPictureInput, required: true }),
      },
      resolve: (_root, { id, expectedVersion, input }, ctx) =>
        ctx.foundationWrites.updateSituationPicture(ctx.viewer, String(id), expectedVersion, input),
    }),
    recordCitizenDialogue: t.field({
      type: types.CitizenDialogue,
      args: { input: t.arg({ type: CitizenDialogueInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.recordCitizenDialogue(ctx.viewer, input),
    }),
    updateCitizenDialogue: t.field({
      type: types.CitizenDialogue,
      args: {
        id: t.arg.id({ required: true }),
        expectedVersion: t.arg.int({ required: true, description: basedOn }),
        input: t.arg({ type: UpdateCitizenDialogueInput, required: true }),
      },
      resolve: (_root, { id, expectedVersion, input }, ctx) =>
        ctx.foundationWrites.updateCitizenDialogue(ctx.viewer, String(id), expectedVersion, input),
    }),
    createCollaborationAgreement: t.field({
      type: types.CollaborationAgreement,
      args: { input: t.arg({ type: CollaborationAgreementInput, required: true }) },
      resolve: (_root, { input }, ctx) => ctx.foundationWrites.createCollaborationAgreement(ctx.viewer, input),
    }),
    updateCollaborationAgreement: t.field({
      type: types.CollaborationAgreement,
      args: {
        id: t.arg.id({ required: true }),
        expectedVersion: t.arg.int({ required: true, description: basedOn }),
        input: t.arg({ type: UpdateCollaborationAgreementInput, required: true }),
      },
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
      args: {
        id: t.arg.id({ required: true }),
        expectedVersion: t.arg.int({ required: true, description: basedOn }),
        input: t.arg({ type: UpdateIndicatorInput, required: true }),
      },
      resolve: (_root, { id, expectedVersion, input }, ctx) =>
        ctx.foundationWrites.updateIndicator(ctx.viewer, String(id), expectedVersion, input),
    }),
    recordMeasurement: t.field({
      type: types.Measurement,
      args: { indicatorId: t.arg.id({ required: true }), input: t.arg({ type: MeasurementInput, required: true }) },
      resolve: (_root, { indicatorId, input }, ctx) =>
        ctx.foundationWrites.recordMeasurement(ctx.viewer, String(indicatorId), input),
    }),
    correctMeasurement: t.field({
      type: types.Measurement,
      description: 'Rättelse: corrects a measured value; the value it replaces is kept in `corrections`.',
      args: {
        id: t.arg.id({ required: true }),
        expectedVersion: t.arg.int({ required: true, description: basedOn }),
        value: t.arg.float({ required: true }),
        reason: t.arg.string({ required: true, description: 'Why it is corrected (skäl).' }),
      },
      resolve: (_root, { id, expectedVersion, value, reason }, ctx) =>
        ctx.foundationWrites.correctMeasurement(ctx.viewer, String(id), expectedVersion, { value, reason }),
    }),
  }));
}
