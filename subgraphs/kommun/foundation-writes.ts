import type { Kysely, Transaction } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import { auditedChange, type Editor } from '../../domain/audit-log.js';
import { badUserInput, notFound } from '../../domain/errors.js';
import { idempotentCreate } from '../../domain/idempotency-keys.js';
import { applyPatch, refuseClearing } from '../../domain/patches.js';
import type {
  CitizenDialogueRecord,
  CollaborationAgreementRecord,
  IndicatorRecord,
  MeasurementRecord,
  SituationPictureRecord,
} from '../../domain/records.js';
import { ENTERED } from '../../domain/records.js';
import { type Kommun, kommunRecordId } from '../../domain/region.js';
import { createSituationPicture, updateSituationPicture } from '../../domain/situation-pictures.js';
import * as valid from '../../domain/validation.js';
import { lockVersioned, updateVersioned } from '../../domain/versioned-records.js';
import type { KommunDatabase } from './database.js';
import type {
  CitizenDialogueInput,
  CollaborationAgreementInput,
  IndicatorInput,
  KommunSituationPictureInput,
  MeasurementInput,
  UpdateCitizenDialogueInput,
  UpdateCollaborationAgreementInput,
  UpdateIndicatorInput,
  UpdateSituationPictureInput,
} from './foundation-inputs.js';
import { type LinkTable, linkNew, relink, requireRecords } from './links.js';

/**
 * Changes to what a kommun's promises stand on: lägesbild, medborgardialog,
 * samverkansöverenskommelse, indicators and their measurements. Same rules as promises: an
 * editor of the kommun, validated input, one transaction with its audit entry, and updates
 * based on a version (CONFLICT when someone changed the record since). Updates patch
 * (`domain/patches.ts`): the patched record is validated as a whole, as a create would be.
 */

type Trx = Transaction<KommunDatabase>;
/** The largest number of participants or answers a dialogue can report. */
const MAX_PARTICIPANTS = 1_000_000;

export class FoundationWrites {
  constructor(
    private readonly db: Kysely<KommunDatabase>,
    private readonly kommun: Kommun,
    /** The request's Idempotency-Key: each create it makes is safe to retry. */
    private readonly idempotencyKey?: string | undefined,
  ) {}

  private newId(): string {
    return kommunRecordId(this.kommun);
  }

  private editor(viewer: Viewer): Editor {
    return requireEditor(viewer, this.kommun.slug);
  }

  private missing(what: string, id: string) {
    return () => notFound(`${this.kommun.organisation} has no ${what} ${id}`);
  }

  async recordSituationPicture(viewer: Viewer, input: KommunSituationPictureInput): Promise<SituationPictureRecord> {
    const editor = this.editor(viewer);
    const promiseIds = valid.idList(input.informedPromiseIds ?? [], 'input.informedPromiseIds');
    return createSituationPicture(
      this.db,
      editor,
      {
        id: this.newId(),
        action: 'recordSituationPicture',
        idempotency: idempotentCreate(this.idempotencyKey, 'situationPicture', input),
      },
      input,
      async (trx, created) => ({
        informedPromiseIds: await linkNew(
          trx,
          this.kommun,
          'situationPicturePromise',
          created.id,
          promiseIds,
          'input.informedPromiseIds',
        ),
      }),
    );
  }

  async updateSituationPicture(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    input: UpdateSituationPictureInput,
  ): Promise<SituationPictureRecord> {
    const editor = this.editor(viewer);
    const promiseIds = linkedIds(input.informedPromiseIds, 'input.informedPromiseIds');
    return updateSituationPicture(
      this.db,
      editor,
      this.kommun.organisation,
      { id, expectedVersion, input, action: 'updateSituationPicture' },
      (trx) => this.relinkPromises(trx, 'situationPicturePromise', id, promiseIds),
    );
  }

  async recordCitizenDialogue(viewer: Viewer, input: CitizenDialogueInput): Promise<CitizenDialogueRecord> {
    const editor = this.editor(viewer);
    const { values, promiseIds } = this.validDialogue(input);
    return auditedChange(
      this.db,
      editor,
      {
        action: 'recordCitizenDialogue',
        recordType: 'CitizenDialogue',
        idempotency: idempotentCreate(this.idempotencyKey, 'citizenDialogue', input),
      },
      async (trx) => {
        const created = await trx
          .insertInto('citizenDialogue')
          .values({ id: this.newId(), ...values, ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        const informedPromiseIds = await linkNew(
          trx,
          this.kommun,
          'citizenDialoguePromise',
          created.id,
          promiseIds ?? [],
          'input.informedPromiseIds',
        );
        return { before: null, after: created, audited: { ...created, informedPromiseIds } };
      },
    );
  }

  async updateCitizenDialogue(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    input: UpdateCitizenDialogueInput,
  ): Promise<CitizenDialogueRecord> {
    const editor = this.editor(viewer);
    const { informedPromiseIds, ...patch } = input;
    const required = ['title', 'method', 'period'] as const;
    refuseClearing(patch, required);
    const promiseIds = linkedIds(informedPromiseIds, 'input.informedPromiseIds');
    return auditedChange(
      this.db,
      editor,
      { action: 'updateCitizenDialogue', recordType: 'CitizenDialogue' },
      async (trx) => {
        const { before, after } = await updateVersioned(
          trx,
          'citizenDialogue',
          id,
          { what: 'Citizen dialogue', expectedVersion, missing: this.missing('citizen dialogue', id) },
          (current) =>
            this.validDialogue(
              applyPatch<CitizenDialogueInput>(
                {
                  title: current.title,
                  method: current.method,
                  period: { start: current.periodStart, end: current.periodEnd },
                  participantCount: current.participantCount,
                  keyFindings: current.keyFindings,
                },
                patch,
                required,
              ),
            ).values,
        );
        const links = await this.relinkPromises(trx, 'citizenDialoguePromise', id, promiseIds);
        return { before: { ...before, ...links.before }, after, audited: { ...after, ...links.after } };
      },
    );
  }

  async createCollaborationAgreement(
    viewer: Viewer,
    input: CollaborationAgreementInput,
  ): Promise<CollaborationAgreementRecord> {
    const editor = this.editor(viewer);
    const values = this.validAgreement(input);
    return auditedChange(
      this.db,
      editor,
      {
        action: 'createCollaborationAgreement',
        recordType: 'CollaborationAgreement',
        idempotency: idempotentCreate(this.idempotencyKey, 'collaborationAgreement', input),
      },
      async (trx) => {
        await this.requireGoalIndicators(trx, values.goals);
        const created = await trx
          .insertInto('collaborationAgreement')
          .values({ id: this.newId(), ...asJsonColumns(values), ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
    );
  }

  async updateCollaborationAgreement(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    patch: UpdateCollaborationAgreementInput,
  ): Promise<CollaborationAgreementRecord> {
    const editor = this.editor(viewer);
    const required = ['title', 'period', 'parties', 'followUpPlan'] as const;
    refuseClearing(patch, required);
    return auditedChange(
      this.db,
      editor,
      { action: 'updateCollaborationAgreement', recordType: 'CollaborationAgreement' },
      async (trx) => {
        return updateVersioned(
          trx,
          'collaborationAgreement',
          id,
          { what: 'Collaboration agreement', expectedVersion, missing: this.missing('collaboration agreement', id) },
          async (current) => {
            const values = this.validAgreement(
              applyPatch<CollaborationAgreementInput>(
                { ...current, period: { start: current.periodStart, end: current.periodEnd } },
                patch,
                required,
              ),
            );
            await this.requireGoalIndicators(trx, values.goals);
            return asJsonColumns(values);
          },
        );
      },
    );
  }

  async createIndicator(viewer: Viewer, input: IndicatorInput): Promise<IndicatorRecord> {
    const editor = this.editor(viewer);
    const values = validIndicator(input);
    return auditedChange(
      this.db,
      editor,
      {
        action: 'createIndicator',
        recordType: 'Indicator',
        idempotency: idempotentCreate(this.idempotencyKey, 'indicator', input),
      },
      async (trx) => {
        const created = await trx
          .insertInto('indicator')
          .values({ id: this.newId(), ...values, ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
    );
  }

  async updateIndicator(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    patch: UpdateIndicatorInput,
  ): Promise<IndicatorRecord> {
    const editor = this.editor(viewer);
    const required = ['name', 'definition', 'unit', 'dataSource', 'desiredDirection'] as const;
    refuseClearing(patch, required);
    return auditedChange(this.db, editor, { action: 'updateIndicator', recordType: 'Indicator' }, async (trx) => {
      return updateVersioned(
        trx,
        'indicator',
        id,
        { what: 'Indicator', expectedVersion, missing: this.missing('indicator', id) },
        (current) =>
          validIndicator(
            applyPatch<IndicatorInput>(
              {
                ...current,
                baseline:
                  current.baselineValue === null ? null : { value: current.baselineValue, date: current.baselineDate! },
                target: current.targetValue === null ? null : { value: current.targetValue, date: current.targetDate! },
              },
              patch,
              required,
            ),
          ),
      );
    });
  }

  /**
   * Rättelse: corrects a measured value. The measurement keeps its id and date; the value it had
   * is kept in its corrections, with when, by whom and why, so reports can say it was corrected.
   */
  async correctMeasurement(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    input: { value: number; reason: string },
  ): Promise<MeasurementRecord> {
    const editor = this.editor(viewer);
    const value = valid.measuredValue(input.value, 'value');
    const reason = valid.requiredText(input.reason, 'reason', valid.maxLength.note);
    return auditedChange(this.db, editor, { action: 'correctMeasurement', recordType: 'Measurement' }, async (trx) => {
      const { before, after } = await updateVersioned(
        trx,
        'measurement',
        id,
        { what: 'Measurement', expectedVersion, missing: this.missing('measurement', id) },
        (current) => {
          if (current.withdrawnAt !== null)
            throw badUserInput(`Measurement ${id} was withdrawn; a withdrawn value is not corrected`, 'id');
          if (current.value === value) throw badUserInput(`Measurement ${id} is ${value} already`, 'value');
          return { value };
        },
      );
      const correction = await trx
        .insertInto('measurementCorrection')
        .values({ measurementId: id, correctedBy: editor.subject, previousValue: before.value, value, reason })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { before, after, audited: { ...after, correction } };
    });
  }

  /** One value of an indicator; at most one per indicator and date. */
  async recordMeasurement(viewer: Viewer, indicatorId: string, input: MeasurementInput): Promise<MeasurementRecord> {
    const editor = this.editor(viewer);
    const values = {
      date: input.date,
      value: valid.measuredValue(input.value, 'input.value'),
      note: valid.optionalText(input.note, 'input.note', valid.maxLength.note),
    };
    return auditedChange(
      this.db,
      editor,
      {
        action: 'recordMeasurement',
        recordType: 'Measurement',
        idempotency: idempotentCreate(this.idempotencyKey, 'measurement', { indicatorId, input }),
      },
      async (trx) => {
        // Locking the indicator serialises measurements of it, so two of one date cannot both pass the check.
        await lockVersioned(trx, 'indicator', indicatorId, {
          what: 'Indicator',
          missing: () => badUserInput(`${this.kommun.organisation} has no indicator ${indicatorId}`, 'indicatorId'),
        });
        const existing = await trx
          .selectFrom('measurement')
          .select('id')
          .where('indicatorId', '=', indicatorId)
          .where('date', '=', values.date)
          .executeTakeFirst();
        if (existing)
          throw badUserInput(
            `Indicator ${indicatorId} already has a measurement on ${values.date} (${existing.id})`,
            'input.date',
          );
        const created = await trx
          .insertInto('measurement')
          .values({ id: this.newId(), indicatorId, ...values, ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
    );
  }

  /** Replaces which promises a record informed, when the input names them; returns the links before and after for the audit log. */
  private async relinkPromises(
    trx: Trx,
    table: Extract<LinkTable, 'situationPicturePromise' | 'citizenDialoguePromise'>,
    id: string,
    promiseIds: string[] | null,
  ) {
    const { before, after } = await relink(trx, this.kommun, table, id, promiseIds, 'input.informedPromiseIds');
    return { before: { informedPromiseIds: before }, after: { informedPromiseIds: after } };
  }

  private requireGoalIndicators(trx: Trx, goals: { indicatorId: string | null }[]): Promise<void> {
    const measured = goals.flatMap((goal, i) =>
      goal.indicatorId === null ? [] : [{ id: goal.indicatorId, field: `input.goals[${i}].indicatorId` }],
    );
    return requireRecords(
      trx,
      this.kommun,
      'indicator',
      measured.map((m) => m.id),
      (i) => measured[i]!.field,
    );
  }

  private validDialogue(input: CitizenDialogueInput) {
    const { start, end } = valid.period(input.period.start, input.period.end, 'input.period');
    return {
      values: {
        title: valid.requiredText(input.title, 'input.title', valid.maxLength.title),
        method: input.method,
        periodStart: start,
        periodEnd: end,
        participantCount: valid.optionalCount(input.participantCount, 'input.participantCount', MAX_PARTICIPANTS),
        keyFindings: valid.textList(input.keyFindings ?? [], 'input.keyFindings', valid.maxLength.item),
      },
      promiseIds: input.informedPromiseIds ? valid.idList(input.informedPromiseIds, 'input.informedPromiseIds') : null,
    };
  }

  private validAgreement(input: CollaborationAgreementInput) {
    const { start, end } = valid.period(input.period.start, input.period.end, 'input.period');
    const parties = valid.textList(input.parties, 'input.parties', valid.maxLength.name);
    if (new Set(parties.map((party) => party.toLocaleLowerCase('sv'))).size < 2) {
      throw badUserInput(
        'input.parties must name at least two different parties (the kommun and the police area)',
        'input.parties',
      );
    }
    const goals = valid.atMost(input.goals ?? [], 'input.goals', 20);
    const forums = valid.atMost(input.forums ?? [], 'input.forums', 20);
    return {
      title: valid.requiredText(input.title, 'input.title', valid.maxLength.title),
      periodStart: start,
      periodEnd: end,
      parties,
      focusAreas: valid.textList(input.focusAreas ?? [], 'input.focusAreas', valid.maxLength.focusArea),
      goals: goals.map((goal, i) => ({
        text: valid.requiredText(goal.text, `input.goals[${i}].text`, valid.maxLength.item),
        indicatorId: goal.indicatorId != null ? String(goal.indicatorId) : null,
      })),
      forums: forums.map((forum, i) => ({
        name: valid.requiredText(forum.name, `input.forums[${i}].name`, valid.maxLength.name),
        participants: valid.requiredText(forum.participants, `input.forums[${i}].participants`, valid.maxLength.item),
        frequency: valid.requiredText(forum.frequency, `input.forums[${i}].frequency`, valid.maxLength.name),
      })),
      coordinatingFunction: valid.optionalText(
        input.coordinatingFunction,
        'input.coordinatingFunction',
        valid.maxLength.item,
      ),
      followUpPlan: valid.requiredText(input.followUpPlan, 'input.followUpPlan', valid.maxLength.text),
      signatories: valid.signatories(input.signatories ?? [], 'input.signatories'),
    };
  }
}

/** The agreement's lists as the jsonb columns take them. */
function asJsonColumns<Values extends Pick<CollaborationAgreementRecord, 'goals' | 'forums' | 'signatories'>>(
  values: Values,
) {
  return {
    ...values,
    goals: JSON.stringify(values.goals),
    forums: JSON.stringify(values.forums),
    signatories: JSON.stringify(values.signatories),
  };
}

function validIndicator(input: IndicatorInput) {
  const point = (value: { value: number; date: string } | null | undefined, field: string) =>
    value
      ? { value: valid.measuredValue(value.value, `${field}.value`), date: value.date }
      : { value: null, date: null };
  const baseline = point(input.baseline, 'input.baseline');
  const target = point(input.target, 'input.target');
  if (baseline.date && target.date && target.date < baseline.date) {
    throw badUserInput(
      `input.target.date ${target.date} must not be before the baseline's ${baseline.date}`,
      'input.target.date',
    );
  }
  return {
    name: valid.requiredText(input.name, 'input.name', valid.maxLength.title),
    definition: valid.requiredText(input.definition, 'input.definition', valid.maxLength.text),
    unit: valid.requiredText(input.unit, 'input.unit', valid.maxLength.unit),
    dataSource: input.dataSource,
    dataSourceDetail: valid.optionalText(input.dataSourceDetail, 'input.dataSourceDetail', valid.maxLength.name),
    desiredDirection: input.desiredDirection,
    baselineValue: baseline.value,
    baselineDate: baseline.date,
    targetValue: target.value,
    targetDate: target.date,
  };
}

/** A list of linked ids in an update: left out, the links stay (null here); null, they are all removed. */
function linkedIds(ids: readonly string[] | null | undefined, field: string): string[] | null {
  return ids === undefined ? null : valid.idList(ids ?? [], field);
}
