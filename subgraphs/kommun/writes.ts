import type { Kysely, Transaction } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import type { ActivityKind, FollowUpStatus, PromiseStatus, ResponsibleParty } from '../../domain/enums.js';
import { badUserInput, notFound } from '../../domain/errors.js';
import { kommunRecordId, type Kommun } from '../../domain/region.js';
import type { SignatoryFields } from '../../domain/records.js';
import { ENTERED } from '../../domain/records.js';
import * as valid from '../../domain/validation.js';
import { auditedChange, type Editor } from '../../domain/audit-log.js';
import { lockVersioned, updateVersioned } from '../../domain/versioned-records.js';
import type { CitizenPromiseRow, CommitmentRow, KommunDatabase } from './database.js';
import { linkNew, relink, requireRecord } from './links.js';

/**
 * Every change to a kommun's promises. Each runs in one transaction with its audit entry, only
 * for an editor of the kommun, after validating its input; updates carry the version the editor
 * saw and fail with CONFLICT, changing nothing, when someone else changed the record since.
 */

export type SignatoryInput = SignatoryFields;

export interface PromiseInput {
  title: string;
  summary: string;
  period: { start: string; end: string };
  focusAreas?: string[] | null;
  signedOn?: string | null;
  signatories?: SignatoryInput[] | null;
  extendsId?: string | null;
  internalNote?: string | null;
  /** The samverkansöverenskommelse the promise is the public part of. */
  collaborationAgreementId?: string | null;
  /** The indicators the promise as a whole is followed by. */
  indicatorIds?: string[] | null;
}

export interface PromisePatch {
  title?: string | null;
  summary?: string | null;
  period?: { start: string; end: string } | null;
  focusAreas?: string[] | null;
  signedOn?: string | null;
  signatories?: SignatoryInput[] | null;
  internalNote?: string | null;
  /** An id links the agreement; null unlinks it; left out, it stays. */
  collaborationAgreementId?: string | null;
  /** When given, replaces the list. */
  indicatorIds?: string[] | null;
  /** Only ACTIVE → COMPLETED or WITHDRAWN; a draft becomes ACTIVE by publishPromise. */
  status?: PromiseStatus | null;
}

export interface CommitmentInput {
  text: string;
  responsible: ResponsibleParty;
  otherParty?: string | null;
  target?: { text: string; yearlyCount?: number | null } | null;
  /** The indicators the commitment is followed by; when given, replaces the list. */
  indicatorIds?: string[] | null;
}

export interface ActivityInput {
  date: string;
  kind: ActivityKind;
  place: string;
  description: string;
  outcome?: string | null;
}

export interface FollowUpInput {
  date: string;
  status: FollowUpStatus;
  note: string;
}

type Trx = Transaction<KommunDatabase>;

export class PromiseWrites {
  constructor(
    private readonly db: Kysely<KommunDatabase>,
    private readonly kommun: Kommun,
  ) {}

  private newId(): string {
    return kommunRecordId(this.kommun);
  }

  private audited<Row extends { id: string }>(
    editor: Editor,
    action: string,
    recordType: string,
    change: (trx: Trx) => Promise<{ before: object | null; after: Row; audited?: object }>,
  ): Promise<Row> {
    return auditedChange(this.db, editor, { action, recordType }, change);
  }

  async createPromise(viewer: Viewer, input: PromiseInput): Promise<CitizenPromiseRow> {
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
    });
  }

  async updatePromise(viewer: Viewer, id: string, expectedVersion: number, patch: PromisePatch): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    return this.audited(editor, 'updatePromise', 'CitizenPromise', async (trx) => {
      const before = await this.lockPromise(trx, id, 'id', expectedVersion);
      const changes = this.validPromisePatch(patch, before);
      if (patch.collaborationAgreementId != null) {
        await requireRecord(trx, this.kommun, 'collaborationAgreement', patch.collaborationAgreementId, 'input.collaborationAgreementId');
      }
      const after = await trx
        .updateTable('citizenPromise')
        .set({
          ...changes.promise,
          ...(patch.collaborationAgreementId !== undefined && { agreementId: patch.collaborationAgreementId }),
          version: before.version + 1,
          updatedAt: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const signatoriesBefore = await this.signatories(trx, id);
      const signatories = changes.signatories ? await this.replaceSignatories(trx, id, changes.signatories) : signatoriesBefore;
      const indicatorIds = await relink(trx, this.kommun, 'promiseIndicator', id, changes.indicatorIds, 'input.indicatorIds');
      return {
        before: { ...before, signatories: signatoriesBefore, indicatorIds: indicatorIds.before },
        after,
        audited: { ...after, signatories, indicatorIds: indicatorIds.after },
      };
    });
  }

  async publishPromise(viewer: Viewer, id: string, expectedVersion: number): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    return this.audited(editor, 'publishPromise', 'CitizenPromise', async (trx) => {
      const before = await this.lockPromise(trx, id, 'id', expectedVersion);
      if (before.status !== 'DRAFT') throw badUserInput(`Only a draft can be published; ${id} is ${before.status}`, 'id');
      const commitments = await trx.selectFrom('commitment').select('id').where('promiseId', '=', id).limit(1).execute();
      if (commitments.length === 0) throw badUserInput('A promise needs at least one commitment before it is published', 'id');
      const after = await trx
        .updateTable('citizenPromise')
        .set({ status: 'ACTIVE', version: before.version + 1, updatedAt: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { before, after };
    });
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
    });
  }

  async updateCommitment(viewer: Viewer, id: string, expectedVersion: number, input: CommitmentInput): Promise<CommitmentRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const { indicatorIds, ...values } = this.validCommitment(input);
    return this.audited(editor, 'updateCommitment', 'Commitment', async (trx) => {
      const { before, after } = await updateVersioned(
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
    });
  }

  async recordFollowUp(viewer: Viewer, commitmentId: string, input: FollowUpInput) {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = { date: input.date, status: input.status, note: valid.requiredText(input.note, 'input.note', valid.maxLength.note) };
    return this.audited(editor, 'recordFollowUp', 'FollowUp', async (trx) => {
      await requireRecord(trx, this.kommun, 'commitment', commitmentId, 'commitmentId');
      const created = await trx.insertInto('followUp').values({ id: this.newId(), commitmentId, ...values, ...ENTERED }).returningAll().executeTakeFirstOrThrow();
      return { before: null, after: created };
    });
  }

  /** Reads and locks a promise of this kommun; with `expectedVersion`, insists it is unchanged. */
  private lockPromise(trx: Trx, id: string, field: string, expectedVersion?: number): Promise<CitizenPromiseRow> {
    return lockVersioned(trx, 'citizenPromise', id, {
      what: 'Promise',
      ...(expectedVersion !== undefined && { expectedVersion }),
      missing: () => badUserInput(`${this.kommun.organisation} has no promise ${id}`, field),
    });
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

  private validPromise(input: PromiseInput) {
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

  private validPromisePatch(patch: PromisePatch, current: CitizenPromiseRow) {
    const period = patch.period ?? { start: current.periodStart, end: current.periodEnd };
    valid.period(period.start, period.end, 'input.period');
    if (patch.status && patch.status !== current.status) {
      const allowed = current.status === 'ACTIVE' && (patch.status === 'COMPLETED' || patch.status === 'WITHDRAWN');
      if (!allowed) {
        throw badUserInput(`Status cannot change from ${current.status} to ${patch.status} here (publishPromise makes a draft ACTIVE)`, 'input.status');
      }
    }
    return {
      promise: {
        ...(patch.title != null && { title: valid.requiredText(patch.title, 'input.title', valid.maxLength.title) }),
        ...(patch.summary != null && { summary: valid.requiredText(patch.summary, 'input.summary', valid.maxLength.summary) }),
        ...(patch.period && { periodStart: period.start, periodEnd: period.end }),
        ...(patch.focusAreas && { focusAreas: valid.textList(patch.focusAreas, 'input.focusAreas', valid.maxLength.focusArea) }),
        ...(patch.signedOn !== undefined && { signedOn: patch.signedOn }),
        ...(patch.internalNote !== undefined && { internalNote: valid.optionalText(patch.internalNote, 'input.internalNote', valid.maxLength.note) }),
        ...(patch.status && { status: patch.status }),
      },
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
