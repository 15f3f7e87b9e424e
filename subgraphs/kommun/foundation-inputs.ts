import type { InputFieldBuilder, InputObjectRef } from '@pothos/core';
import type { SubgraphBuilder, SubgraphTypes } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import type { PeriodValue } from '../../schema/period.js';
import { addSituationPictureInput } from '../../schema/situation-picture.js';
import { PATCH } from './promise-inputs.js';

/**
 * The input types of a kommun's writes to what its promises stand on. The write functions take
 * what these infer (`$inferInput`), so each input is declared once, here.
 */
export function addFoundationInputs<Context extends object>(
  builder: SubgraphBuilder<Context>,
  enums: SharedEnums,
  shared: {
    PeriodInput: InputObjectRef<SubgraphTypes<Context>, PeriodValue>;
    SignatoryInput: InputObjectRef<SubgraphTypes<Context>, { name: string; title: string; organisation: string }>;
  },
) {
  const { PeriodInput, SignatoryInput } = shared;
  const informedPromisesDescription =
    'The medborgarlöften it informed; on update, left out they stay, given they replace the list, null unlinks them all.';

  const informedPromiseIds = (t: InputFieldBuilder<SubgraphTypes<Context>, 'InputObject'>) => ({
    informedPromiseIds: t.idList({ required: false, description: informedPromisesDescription }),
  });
  const SituationPictureInput = addSituationPictureInput(
    builder,
    'SituationPictureInput',
    { enums, PeriodInput },
    informedPromiseIds,
  );
  const UpdateSituationPictureInput = addSituationPictureInput(
    builder,
    'UpdateSituationPictureInput',
    { enums, PeriodInput },
    informedPromiseIds,
    {
      description: PATCH,
      required: false,
    },
  );

  // Each record's create input and its update input (every field optional: patch semantics) from one field list.
  const dialogueInput = <Required extends boolean>(name: string, description: string, required: Required) =>
    builder.inputType(name, {
      description,
      fields: (t) => ({
        title: t.string({ required }),
        method: t.field({ type: enums.DialogueMethod, required }),
        period: t.field({ type: PeriodInput, required, description: 'When it ran (one day: start = end).' }),
        participantCount: t.int({ required: false, description: 'Participants or answers, 0 to 1 000 000.' }),
        keyFindings: t.stringList({ required: false }),
        informedPromiseIds: t.idList({ required: false, description: informedPromisesDescription }),
      }),
    });
  const CitizenDialogueInput = dialogueInput(
    'CitizenDialogueInput',
    'Medborgardialog: how residents were asked and what came out.',
    true,
  );
  const UpdateCitizenDialogueInput = dialogueInput(
    'UpdateCitizenDialogueInput',
    `Changes to a medborgardialog. ${PATCH}`,
    false,
  );

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
  const agreementInput = <Required extends boolean>(name: string, description: string, required: Required) =>
    builder.inputType(name, {
      description,
      fields: (t) => ({
        title: t.string({ required }),
        period: t.field({ type: PeriodInput, required }),
        parties: t.stringList({ required, description: 'At least two: the kommun and the police area.' }),
        focusAreas: t.stringList({ required: false }),
        goals: t.field({ type: [AgreementGoalInput], required: false }),
        forums: t.field({ type: [AgreementForumInput], required: false, description: 'Who meets, how often.' }),
        coordinatingFunction: t.string({ required: false }),
        followUpPlan: t.string({ required }),
        signatories: t.field({ type: [SignatoryInput], required: false }),
      }),
    });
  const CollaborationAgreementInput = agreementInput(
    'CollaborationAgreementInput',
    'Samverkansöverenskommelse between the kommun and the police area.',
    true,
  );
  const UpdateCollaborationAgreementInput = agreementInput(
    'UpdateCollaborationAgreementInput',
    `Changes to a samverkansöverenskommelse. ${PATCH}`,
    false,
  );

  const IndicatorValueInput = builder.inputType('IndicatorValueInput', {
    fields: (t) => ({
      value: t.float({ required: true }),
      date: t.field({ type: 'Date', required: true }),
    }),
  });
  const indicatorInput = <Required extends boolean>(name: string, description: string, required: Required) =>
    builder.inputType(name, {
      description,
      fields: (t) => ({
        name: t.string({ required }),
        definition: t.string({ required }),
        unit: t.string({ required }),
        dataSource: t.field({ type: enums.DataSourceKind, required }),
        dataSourceDetail: t.string({ required: false }),
        desiredDirection: t.field({ type: enums.DesiredDirection, required }),
        baseline: t.field({ type: IndicatorValueInput, required: false, description: 'Utgångsvärde.' }),
        target: t.field({
          type: IndicatorValueInput,
          required: false,
          description: 'Målvärde; its date must not be before the baseline’s.',
        }),
      }),
    });
  const IndicatorInput = indicatorInput(
    'IndicatorInput',
    'Indikator: what is measured, from which source, and which way it should move.',
    true,
  );
  const UpdateIndicatorInput = indicatorInput('UpdateIndicatorInput', `Changes to an indikator. ${PATCH}`, false);
  const MeasurementInput = builder.inputType('MeasurementInput', {
    description: 'Mätning: one value of an indikator; one per indicator and date.',
    fields: (t) => ({
      date: t.field({ type: 'Date', required: true }),
      value: t.float({ required: true }),
      note: t.string({ required: false }),
    }),
  });

  return {
    SituationPictureInput,
    UpdateSituationPictureInput,
    CitizenDialogueInput,
    UpdateCitizenDialogueInput,
    CollaborationAgreementInput,
    UpdateCollaborationAgreementInput,
    IndicatorInput,
    UpdateIndicatorInput,
    MeasurementInput,
  };
}

type FoundationInputs = ReturnType<typeof addFoundationInputs<object>>;
export type KommunSituationPictureInput = FoundationInputs['SituationPictureInput']['$inferInput'];
export type UpdateSituationPictureInput = FoundationInputs['UpdateSituationPictureInput']['$inferInput'];
export type CitizenDialogueInput = FoundationInputs['CitizenDialogueInput']['$inferInput'];
export type UpdateCitizenDialogueInput = FoundationInputs['UpdateCitizenDialogueInput']['$inferInput'];
export type CollaborationAgreementInput = FoundationInputs['CollaborationAgreementInput']['$inferInput'];
export type UpdateCollaborationAgreementInput = FoundationInputs['UpdateCollaborationAgreementInput']['$inferInput'];
export type IndicatorInput = FoundationInputs['IndicatorInput']['$inferInput'];
export type UpdateIndicatorInput = FoundationInputs['UpdateIndicatorInput']['$inferInput'];
export type MeasurementInput = FoundationInputs['MeasurementInput']['$inferInput'];
