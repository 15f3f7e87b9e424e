import type { Kysely, Selectable, Transaction } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import type { ActivityKind, FollowUpStatus, PromiseStatus, ResponsibleParty } from '../../domain/enums.js';
import { badUserInput, notFound } from '../../domain/errors.js';
import { kommunRecordId, type Kommun } from '../../domain/region.js';
import type { SignatoryFields } from '../../domain/records.js';
import { ENTERED } from '../../domain/records.js';
import * as valid from '../../domain/validation.js';
import { auditedChange, idempotentCreate, type Editor } from '../../domain/audit-log.js';
import { lockVersioned, updateVersioned } from '../../domain/versioned-records.js';
import type { KommunDatabase } from './database.js';
import { linkNew, relink, requireRecord } from './links.js';
import type { ActivityInput, CommitmentInput, CreatePromiseInput, FollowUpInput, SignatoryInput, UpdatePromiseInput } from './promise-inputs.js';

/**
 * Every change to a kommun's promises. Each runs in one transaction with its audit entry, only
 * for an editor of the kommun, after validating its input; updates carry the version the editor
 * saw and fail with CONFLICT, changing nothing, when someone else changed the record since.
 */

type Trx = Transaction<KommunDatabase>;
type PromiseRow = Selectable<KommunDatabase['citizenPromise']>;
type CommitmentRow = Selectable<KommunDatabase['commitment']>;


export class PromiseWrites {
  constructor(
    private readonly db: Kysely<KommunDatabase>,
    private readonly kommun: Kommun,
    /** The request's Idempotency-Key: each create it makes is safe to retry. */
    private readonly idempotencyKey?: string | undefined,
  ) {}

  private newId(): string {
    return kommunRecordId(this.kommun);
  }

  private audited<Row extends { id: string }>(
    editor: Editor,
    action: string,
    recordType: string,
    change: (trx: Trx) => Promise<{ before: object | null; after: Row; audited?: object }>,
    /** For a create: the table of the new record, which makes the create idempotent under the request's key. */
    createdIn?: string,
  ): Promise<Row> {
    const idempotency = createdIn ? idempotentCreate(this.idempotencyKey, createdIn) : undefined;
    return auditedChange(this.db, editor, { action, recordType, idempotency }, change);
  }

  async createPromise(viewer: Viewer, input: CreatePromiseInput): Promise<PromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = this.validPromise(input);
    return this.audited(editor, 'createPromise', 'CitizenPromise', async (trx) => {
      if (input.extendsId != null) await this.lockPromise(trx, input.extendsId, 'input.extendsId');
      const agreementId = input.collaborationAgreementId ?? null;
      if (agreementId !== null) await requireRecord(trx, this.kommun, 'collaborationAgreement', agreementId, 'input.collaborationAgreementId');
      const created = await trx
        .insertInto('citizenPromise')
        .values({ id: this.newId(), status: 'DRAFT', extendsId: input.extendsId ?? null, agreementId, ...values.promise, ...ENTERED })
        .returningAll()
        .executeTakeFirstOrThrow();
      const signatories = await this.replaceSignatories(trx, created.id, values.signatories ?? []);
      const indicatorIds = await linkNew(trx, this.kommun, 'promiseIndicator', created.id, values.indicatorIds ?? [], 'input.indicatorIds');
      return { before: null, after: created, audited: { ...created, signatories, indicatorIds } };
    }, 'citizenPromise');
  }

  async updatePromise(viewer: Viewer, id: string, expectedVersion: number, patch: UpdatePromiseInput): Promise<PromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const lists = this.validPromiseLists(patch);
    return this.audited(editor, 'updatePromise', 'CitizenPromise', async (trx) => {
      const { before, after } = await updateVersioned<PromiseRow>(trx, 'citizenPromise', id, { ...this.promiseLock(id, 'id'), expectedVersion }, async (current) => {
        if (patch.collaborationAgreementId != null) {
          await requireRecord(trx, this.kommun, 'collaborationAgreement', patch.collaborationAgreementId, 'input.collaborationAgreementId');
        }
        return {
          ...this.validPromisePatch(patch, current),
          ...(patch.collaborationAgreementId !== undefined && { agreementId: patch.collaborationAgreementId }),
        };
      });
      const signatoriesBefore = await this.signatories(trx, id);
      const signatories = lists.signatories ? await this.replaceSignatories(trx, id, lists.signatories) : signatoriesBefore;
      const indicatorIds = await relink(trx, this.kommun, 'promiseIndicator', id, lists.indicatorIds, 'input.indicatorIds');
      return {
        before: { ...before, signatories: signatoriesBefore, indicatorIds: indicatorIds.before },
        after,
        audited: { ...after, signatories, indicatorIds: indicatorIds.after },
      };
    });
  }

  async publishPromise(viewer: Viewer, id: string, expectedVersion: number): Promise<PromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    return this.audited(editor, 'publishPromise', 'CitizenPromise', (trx) =>
      updateVersioned<PromiseRow>(trx, 'citizenPromise', id, { ...this.promiseLock(id, 'id'), expectedVersion }, async (current) => {
        if (current.status !== 'DRAFT') throw badUserInput(`Only a draft can be published; ${id} is ${current.status}`, 'id');
        const commitments = await trx.selectFrom('commitment').select('id').where('promiseId', '=', id).limit(1).execute();
        if (commitments.length === 0) throw badUserInput('A promise needs at least one commitment before it is published', 'id');
        return { status: 'ACTIVE' };
      }),
    );
  }

  async addCommitment(viewer: Viewer, promiseId: string, input: CommitmentInput): Promise<CommitmentRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const { indicatorIds, ...values } = this.validCommitment(input);
    return this.audited(editor, 'addCommitment', 'Commitment', async (trx) => {
      await this.lockPromise(trx, promiseId, 'promiseId');
      const { next } = await trx
        .selectFrom('commitment')
        .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('next'))
        .where('promiseId', '=', promiseId)
        .executeTakeFirstOrThrow();
      const created = await trx
        .insertInto('commitment')
        .values({ id: this.newId(), promiseId, position: Number(next) + 1, ...values, ...ENTERED })
        .returningAll()
        .executeTakeFirstOrThrow();
      const linked = await linkNew(trx, this.kommun, 'commitmentIndicator', created.id, indicatorIds ?? [], 'input.indicatorIds');
      return { before: null, after: created, audited: { ...created, indicatorIds: linked } };
    }, 'commitment');
  }

  async updateCommitment(viewer: Viewer, id: string, expectedVersion: number, input: CommitmentInput): Promise<CommitmentRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const { indicatorIds, ...values } = this.validCommitment(input);
    return this.audited(editor, 'updateCommitment', 'Commitment', async (trx) => {
      const { before, after } = await updateVersioned<CommitmentRow>(
        trx,
        'commitment',
        id,
        { what: 'Commitment', expectedVersion, missing: () => notFound(`${this.kommun.organisation} has no commitment ${id}`) },
        values,
      );
      const linked = await relink(trx, this.kommun, 'commitmentIndicator', id, indicatorIds, 'input.indicatorIds');
      return { before: { ...before, indicatorIds: linked.before }, after, audited: { ...after, indicatorIds: linked.after } };
    });
  }

  async recordActivity(viewer: Viewer, commitmentId: string, input: ActivityInput) {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = {
      date: input.date,
      kind: input.kind,
      place: valid.requiredText(input.place, 'input.place', valid.maxLength.place),
      description: valid.requiredText(input.description, 'input.description', valid.maxLength.description),
      outcome: valid.optionalText(input.outcome, 'input.outcome', valid.maxLength.description),
    };
    return this.audited(editor, 'recordActivity', 'Activity', async (trx) => {
      await requireRecord(trx, this.kommun, 'commitment', commitmentId, 'commitmentId');
      const created = await trx.insertInto('activity').values({ id: this.newId(), commitmentId, ...values, ...ENTERED }).returningAll().executeTakeFirstOrThrow();
      return { before: null, after: created };
    }, 'activity');
  }

  async recordFollowUp(viewer: Viewer, commitmentId: string, input: FollowUpInput) {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = { date: input.date, status: input.status, note: valid.requiredText(input.note, 'input.note', valid.maxLength.note) };
    return this.audited(editor, 'recordFollowUp', 'FollowUp', async (trx) => {
      await requireRecord(trx, this.kommun, 'commitment', commitmentId, 'commitmentId');
      const created = await trx.insertInto('followUp').values({ id: this.newId(), commitmentId, ...values, ...ENTERED }).returningAll().executeTakeFirstOrThrow();
      return { before: null, after: created };
    }, 'followUp');
  }

  /** How a promise of this kommun is locked: named in errors, missing as BAD_USER_INPUT on `field`. */
  private promiseLock(id: string, field: string) {
    return { what: 'Promise', missing: () => badUserInput(`${this.kommun.organisation} has no promise ${id}`, field) };
  }

  /** Reads and locks a promise of this kommun (one another record is written under). */
  private lockPromise(trx: Trx, id: string, field: string): Promise<PromiseRow> {
    return lockVersioned<PromiseRow>(trx, 'citizenPromise', id, this.promiseLock(id, field));
  }

  private signatories(trx: Trx, promiseId: string) {
    return trx.selectFrom('signatory').select(['name', 'title', 'organisation']).where('promiseId', '=', promiseId).orderBy('position').execute();
  }

  private async replaceSignatories(trx: Trx, promiseId: string, signatories: SignatoryInput[]) {
    await trx.deleteFrom('signatory').where('promiseId', '=', promiseId).execute();
    if (signatories.length > 0) {
      await trx.insertInto('signatory').values(signatories.map((s, position) => ({ ...s, promiseId, position }))).execute();
    }
    return signatories;
  }

  private validPromise(input: CreatePromiseInput) {
    const { start, end } = valid.period(input.period.start, input.period.end, 'input.period');
    return {
      promise: {
        title: valid.requiredText(input.title, 'input.title', valid.maxLength.title),
        summary: valid.requiredText(input.summary, 'input.summary', valid.maxLength.summary),
        periodStart: start,
        periodEnd: end,
        focusAreas: valid.textList(input.focusAreas ?? [], 'input.focusAreas', valid.maxLength.focusArea),
        signedOn: input.signedOn ?? null,
        internalNote: valid.optionalText(input.internalNote, 'input.internalNote', valid.maxLength.note),
      },
      signatories: input.signatories ? valid.signatories(input.signatories, 'input.signatories') : null,
      indicatorIds: input.indicatorIds ? valid.idList(input.indicatorIds, 'input.indicatorIds') : null,
    };
  }

  /** The columns an update changes, checked against the promise as it is (status transitions, period). */
  private validPromisePatch(patch: UpdatePromiseInput, current: PromiseRow) {
    const period = patch.period ?? { start: current.periodStart, end: current.periodEnd };
    valid.period(period.start, period.end, 'input.period');
    if (patch.status && patch.status !== current.status) {
      const allowed = current.status === 'ACTIVE' && (patch.status === 'COMPLETED' || patch.status === 'WITHDRAWN');
      if (!allowed) {
        throw badUserInput(`Status cannot change from ${current.status} to ${patch.status} here (publishPromise makes a draft ACTIVE)`, 'input.status');
      }
    }
    return {
      ...(patch.title != null && { title: valid.requiredText(patch.title, 'input.title', valid.maxLength.title) }),
      ...(patch.summary != null && { summary: valid.requiredText(patch.summary, 'input.summary', valid.maxLength.summary) }),
      ...(patch.period && { periodStart: period.start, periodEnd: period.end }),
      ...(patch.focusAreas && { focusAreas: valid.textList(patch.focusAreas, 'input.focusAreas', valid.maxLength.focusArea) }),
      ...(patch.signedOn !== undefined && { signedOn: patch.signedOn }),
      ...(patch.internalNote !== undefined && { internalNote: valid.optionalText(patch.internalNote, 'input.internalNote', valid.maxLength.note) }),
      ...(patch.status && { status: patch.status }),
    };
  }

  /** The lists an update replaces when it names them. */
  private validPromiseLists(patch: UpdatePromiseInput) {
    return {
      signatories: patch.signatories ? valid.signatories(patch.signatories, 'input.signatories') : null,
      indicatorIds: patch.indicatorIds ? valid.idList(patch.indicatorIds, 'input.indicatorIds') : null,
    };
  }

  private validCommitment(input: CommitmentInput) {
    const otherParty = valid.optionalText(input.otherParty, 'input.otherParty', valid.maxLength.name);
    if ((input.responsible === 'OTHER') !== (otherParty !== null)) {
      throw badUserInput('input.otherParty names the acting party exactly when responsible is OTHER', 'input.otherParty');
    }
    return {
      text: valid.requiredText(input.text, 'input.text', valid.maxLength.text),
      responsible: input.responsible,
      otherParty,
      targetText: input.target ? valid.requiredText(input.target.text, 'input.target.text', valid.maxLength.text) : null,
      targetYearlyCount: input.target ? valid.positiveCount(input.target.yearlyCount, 'input.target.yearlyCount') : null,
      indicatorIds: input.indicatorIds ? valid.idList(input.indicatorIds, 'input.indicatorIds') : null,
    };
  }
}
