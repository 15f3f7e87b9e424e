import type { InputObjectRef } from '@pothos/core';
import type { PeriodValue } from '../../schema/period.js';
import type { SubgraphBuilder, SubgraphTypes } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import { addSituationPictureInput } from '../../schema/situation-picture.js';

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

  return { SituationPictureInput, CitizenDialogueInput, CollaborationAgreementInput, IndicatorInput, MeasurementInput };
}

type FoundationInputs = ReturnType<typeof addFoundationInputs<object>>;
export type KommunSituationPictureInput = FoundationInputs['SituationPictureInput']['$inferInput'];
export type CitizenDialogueInput = FoundationInputs['CitizenDialogueInput']['$inferInput'];
export type CollaborationAgreementInput = FoundationInputs['CollaborationAgreementInput']['$inferInput'];
export type IndicatorInput = FoundationInputs['IndicatorInput']['$inferInput'];
export type MeasurementInput = FoundationInputs['MeasurementInput']['$inferInput'];
