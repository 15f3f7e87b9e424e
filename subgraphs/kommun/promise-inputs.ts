import type { SubgraphBuilder } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import { addPeriodInput } from '../../schema/period.js';

/**
 * The input types of a kommun's promise writes. The write functions take what these infer
 * (`$inferInput`), so each input is declared once, here.
 */
export function addPromiseInputs<Context extends object>(builder: SubgraphBuilder<Context>, enums: SharedEnums) {
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

  return { PeriodInput, SignatoryInput, CreatePromiseInput, UpdatePromiseInput, CommitmentInput, ActivityInput, FollowUpInput };
}

type PromiseInputs = ReturnType<typeof addPromiseInputs<object>>;
export type SignatoryInput = PromiseInputs['SignatoryInput']['$inferInput'];
export type CreatePromiseInput = PromiseInputs['CreatePromiseInput']['$inferInput'];
export type UpdatePromiseInput = PromiseInputs['UpdatePromiseInput']['$inferInput'];
export type CommitmentInput = PromiseInputs['CommitmentInput']['$inferInput'];
export type ActivityInput = PromiseInputs['ActivityInput']['$inferInput'];
export type FollowUpInput = PromiseInputs['FollowUpInput']['$inferInput'];
