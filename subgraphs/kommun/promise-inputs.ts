import type { SubgraphBuilder } from '../../schema/builder.js';
import type { SharedEnums } from '../../schema/enums.js';
import { addPeriodInput } from '../../schema/period.js';

/** How every update input treats its fields: the one update style of the hub (`domain/patches.ts`). */
export const PATCH =
  'Patch: a field left out stays as it is; null clears a field that may be empty; null for a field that must have a value is BAD_USER_INPUT.';

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
  const SigningDateInput = builder.inputType('SigningDateInput', {
    description:
      'Undertecknandet, as precisely as it is known: `earliest` is the day, or the first day of the week (a Monday), month, season (1 March, June, September or December) or year; `latest` may be left out except for RANGE, and a week may end before Sunday.',
    fields: (t) => ({
      precision: t.field({ type: enums.SigningPrecision, required: true }),
      earliest: t.field({ type: 'Date', required: true }),
      latest: t.field({ type: 'Date', required: false }),
    }),
  });
  const CreatePromiseInput = builder.inputType('CreatePromiseInput', {
    description:
      'A new medborgarlöfte; it starts as a DRAFT, or as PREPARATION when announced while lägesbild and dialogue are under way.',
    fields: (t) => ({
      title: t.string({ required: true }),
      summary: t.string({ required: true }),
      period: t.field({ type: PeriodInput, required: true }),
      status: t.field({
        type: enums.PromiseStatus,
        required: false,
        description: 'DRAFT (the default) or PREPARATION (public).',
      }),
      focusAreas: t.stringList({ required: false }),
      signedOn: t.field({
        type: 'Date',
        required: false,
        description: 'The signing day, when it is known; otherwise give `signing`.',
      }),
      signing: t.field({
        type: SigningDateInput,
        required: false,
        description: 'When it was signed, as precisely as is known (not together with `signedOn`).',
      }),
      signatories: t.field({ type: [SignatoryInput], required: false }),
      extendsId: t.id({ required: false, description: 'The earlier promise this one prolongs.' }),
      previousId: t.id({
        required: false,
        description: 'The kommun’s promise before this one (föregående); defaults to `extendsId`.',
      }),
      internalNote: t.string({ required: false }),
      collaborationAgreementId: t.id({
        required: false,
        description: 'The samverkansöverenskommelse this promise is the public part of.',
      }),
      indicatorIds: t.idList({
        required: false,
        description: 'The indikatorer the promise as a whole is followed by.',
      }),
    }),
  });
  const UpdatePromiseInput = builder.inputType('UpdatePromiseInput', {
    description: `Changes to a medborgarlöfte. ${PATCH}`,
    fields: (t) => ({
      title: t.string({ required: false }),
      summary: t.string({ required: false }),
      period: t.field({ type: PeriodInput, required: false }),
      focusAreas: t.stringList({ required: false }),
      signedOn: t.field({
        type: 'Date',
        required: false,
        description: 'Sets the signing day (precision DAY); null clears the signing date.',
      }),
      signing: t.field({
        type: SigningDateInput,
        required: false,
        description: 'Sets the signing date as precisely as is known; null clears it.',
      }),
      signatories: t.field({
        type: [SignatoryInput],
        required: false,
        description: 'Replaces the list; null empties it.',
      }),
      previousId: t.id({ required: false, description: 'The kommun’s promise before this one; null unlinks it.' }),
      internalNote: t.string({ required: false }),
      collaborationAgreementId: t.id({
        required: false,
        description: 'Links the samverkansöverenskommelse; null unlinks it.',
      }),
      indicatorIds: t.idList({
        required: false,
        description: 'Replaces the indikatorer the promise is followed by; null unlinks them all.',
      }),
      status: t.field({
        type: enums.PromiseStatus,
        required: false,
        description:
          'PREPARATION ↔ DRAFT, ACTIVE → COMPLETED. A draft is made ACTIVE by publishPromise, and any promise WITHDRAWN by withdrawPromise.',
      }),
    }),
  });
  const ExtendPromiseInput = builder.inputType('ExtendPromiseInput', {
    description: 'Förlängning: a new draft that extends an earlier medborgarlöfte, with its åtaganden carried over.',
    fields: (t) => ({
      title: t.string({ required: true }),
      summary: t.string({ required: false, description: 'Left out: the extended promise’s summary.' }),
      period: t.field({
        type: PeriodInput,
        required: true,
        description: 'Must begin after the extended promise’s period begins.',
      }),
      internalNote: t.string({ required: false }),
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
      indicatorIds: t.idList({ required: false, description: 'The indikatorer the åtagande is followed by.' }),
    }),
  });
  const UpdateCommitmentInput = builder.inputType('UpdateCommitmentInput', {
    description: `Changes to an åtagande. ${PATCH}`,
    fields: (t) => ({
      text: t.string({ required: false }),
      responsible: t.field({ type: enums.ResponsibleParty, required: false }),
      otherParty: t.string({ required: false, description: 'Required exactly when responsible is OTHER.' }),
      target: t.field({ type: TargetInput, required: false, description: 'Replaces the target; null clears it.' }),
      indicatorIds: t.idList({ required: false, description: 'Replaces the indikatorer; null unlinks them all.' }),
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

  return {
    PeriodInput,
    SignatoryInput,
    SigningDateInput,
    CreatePromiseInput,
    UpdatePromiseInput,
    ExtendPromiseInput,
    CommitmentInput,
    UpdateCommitmentInput,
    ActivityInput,
    FollowUpInput,
  };
}

type PromiseInputs = ReturnType<typeof addPromiseInputs<object>>;
export type SignatoryInput = PromiseInputs['SignatoryInput']['$inferInput'];
export type CreatePromiseInput = PromiseInputs['CreatePromiseInput']['$inferInput'];
export type UpdatePromiseInput = PromiseInputs['UpdatePromiseInput']['$inferInput'];
export type ExtendPromiseInput = PromiseInputs['ExtendPromiseInput']['$inferInput'];
export type CommitmentInput = PromiseInputs['CommitmentInput']['$inferInput'];
export type UpdateCommitmentInput = PromiseInputs['UpdateCommitmentInput']['$inferInput'];
export type ActivityInput = PromiseInputs['ActivityInput']['$inferInput'];
export type FollowUpInput = PromiseInputs['FollowUpInput']['$inferInput'];
