import type { Kysely, Transaction } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import { auditedChange, type Editor } from '../../domain/audit-log.js';
import { badUserInput, notFound } from '../../domain/errors.js';
import { idempotentCreate } from '../../domain/idempotency-keys.js';
import { applyPatch, refuseClearing } from '../../domain/patches.js';
import { checkTransition, initialPromiseStatuses } from '../../domain/promise-lifecycle.js';
import { ENTERED } from '../../domain/records.js';
import { type Kommun, kommunRecordId } from '../../domain/region.js';
import { type SigningDate, signingColumns, validSigningDate } from '../../domain/signing-dates.js';
import * as valid from '../../domain/validation.js';
import { lockVersioned, updateVersioned } from '../../domain/versioned-records.js';
import { withoutWithdrawn } from '../../domain/withdrawals.js';
import type { CitizenPromiseRow, CommitmentRow, KommunDatabase } from './database.js';
import { linkNew, relink, requireRecord } from './links.js';
import type {
  ActivityInput,
  CommitmentInput,
  CreatePromiseInput,
  ExtendPromiseInput,
  FollowUpInput,
  SignatoryInput,
  UpdateCommitmentInput,
  UpdatePromiseInput,
} from './promise-inputs.js';

/**
 * Every change to a kommun's promises. Each runs in one transaction with its audit entry, only
 * for an editor of the kommun, after validating its input; updates carry the version the editor
 * saw and fail with CONFLICT, changing nothing, when someone else changed the record since.
 */

type Trx = Transaction<KommunDatabase>;

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
    /** For a create: the table of the new record and the mutation's arguments, which make the create idempotent under the request's key. */
    created?: { in: string; from: object },
  ): Promise<Row> {
    const idempotency = created ? idempotentCreate(this.idempotencyKey, created.in, created.from) : undefined;
    return auditedChange(this.db, editor, { action, recordType, idempotency }, change);
  }

  async createPromise(viewer: Viewer, input: CreatePromiseInput): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = this.validPromise(input);
    const status = input.status ?? 'DRAFT';
    if (!(initialPromiseStatuses as readonly string[]).includes(status)) {
      throw badUserInput(`A new promise is ${initialPromiseStatuses.join(' or ')}, not ${status}`, 'input.status');
    }
    return this.audited(
      editor,
      'createPromise',
      'CitizenPromise',
      async (trx) => {
        if (input.extendsId != null) await this.lockPromise(trx, input.extendsId, 'input.extendsId');
        const previousId = input.previousId ?? input.extendsId ?? null;
        if (input.previousId != null)
          await requireRecord(trx, this.kommun, 'citizenPromise', input.previousId, 'input.previousId');
        const agreementId = input.collaborationAgreementId ?? null;
        if (agreementId !== null)
          await requireRecord(
            trx,
            this.kommun,
            'collaborationAgreement',
            agreementId,
            'input.collaborationAgreementId',
          );
        const created = await trx
          .insertInto('citizenPromise')
          .values({
            id: this.newId(),
            status,
            extendsId: input.extendsId ?? null,
            previousId,
            agreementId,
            ...values.promise,
            ...ENTERED,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const signatories = await this.replaceSignatories(trx, created.id, values.signatories ?? []);
        const indicatorIds = await linkNew(
          trx,
          this.kommun,
          'promiseIndicator',
          created.id,
          values.indicatorIds ?? [],
          'input.indicatorIds',
        );
        return { before: null, after: created, audited: { ...created, signatories, indicatorIds } };
      },
      { in: 'citizenPromise', from: input },
    );
  }

  async updatePromise(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    patch: UpdatePromiseInput,
  ): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const lists = this.validPromiseLists(patch);
    return this.audited(editor, 'updatePromise', 'CitizenPromise', async (trx) => {
      const { before, after } = await updateVersioned(
        trx,
        'citizenPromise',
        id,
        { ...this.promiseLock(id, 'id'), expectedVersion },
        async (current) => {
          if (patch.collaborationAgreementId != null) {
            await requireRecord(
              trx,
              this.kommun,
              'collaborationAgreement',
              patch.collaborationAgreementId,
              'input.collaborationAgreementId',
            );
          }
          if (patch.previousId != null) {
            if (patch.previousId === id)
              throw badUserInput('A promise cannot be its own predecessor', 'input.previousId');
            await requireRecord(trx, this.kommun, 'citizenPromise', patch.previousId, 'input.previousId');
          }
          return {
            ...this.validPromisePatch(patch, current),
            ...(patch.collaborationAgreementId !== undefined && { agreementId: patch.collaborationAgreementId }),
            ...(patch.previousId !== undefined && { previousId: patch.previousId }),
          };
        },
      );
      const signatoriesBefore = await this.signatories(trx, id);
      const signatories = lists.signatories
        ? await this.replaceSignatories(trx, id, lists.signatories)
        : signatoriesBefore;
      const indicatorIds = await relink(
        trx,
        this.kommun,
        'promiseIndicator',
        id,
        lists.indicatorIds,
        'input.indicatorIds',
      );
      return {
        before: { ...before, signatories: signatoriesBefore, indicatorIds: indicatorIds.before },
        after,
        audited: { ...after, signatories, indicatorIds: indicatorIds.after },
      };
    });
  }

  async publishPromise(viewer: Viewer, id: string, expectedVersion: number): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    return this.audited(editor, 'publishPromise', 'CitizenPromise', (trx) =>
      updateVersioned(
        trx,
        'citizenPromise',
        id,
        { ...this.promiseLock(id, 'id'), expectedVersion },
        async (current) => {
          if (current.status !== 'DRAFT')
            throw badUserInput(`Only a draft can be published; ${id} is ${current.status}`, 'id');
          checkTransition(current.status, 'ACTIVE', 'publishPromise', 'id');
          const commitments = await trx
            .selectFrom('commitment')
            .select('id')
            .where('promiseId', '=', id)
            .where('withdrawnAt', 'is', null)
            .limit(1)
            .execute();
          if (commitments.length === 0)
            throw badUserInput('A promise needs at least one commitment before it is published', 'id');
          return { status: 'ACTIVE' as const };
        },
      ),
    );
  }

  async addCommitment(viewer: Viewer, promiseId: string, input: CommitmentInput): Promise<CommitmentRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const { indicatorIds, ...values } = this.validCommitment(input);
    return this.audited(
      editor,
      'addCommitment',
      'Commitment',
      async (trx) => {
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
        const linked = await linkNew(
          trx,
          this.kommun,
          'commitmentIndicator',
          created.id,
          indicatorIds ?? [],
          'input.indicatorIds',
        );
        return { before: null, after: created, audited: { ...created, indicatorIds: linked } };
      },
      { in: 'commitment', from: { promiseId, input } },
    );
  }

  async updateCommitment(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    patch: UpdateCommitmentInput,
  ): Promise<CommitmentRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    refuseClearing(patch, ['text', 'responsible']);
    const indicatorIds =
      patch.indicatorIds === undefined ? null : valid.idList(patch.indicatorIds ?? [], 'input.indicatorIds');
    return this.audited(editor, 'updateCommitment', 'Commitment', async (trx) => {
      const { before, after } = await updateVersioned(
        trx,
        'commitment',
        id,
        {
          what: 'Commitment',
          expectedVersion,
          missing: () => notFound(`${this.kommun.organisation} has no commitment ${id}`),
        },
        (current) => {
          const { indicatorIds: _links, ...values } = this.validCommitment(
            applyPatch<CommitmentInput>(
              {
                text: current.text,
                responsible: current.responsible,
                otherParty: current.otherParty,
                target:
                  current.targetText === null
                    ? null
                    : { text: current.targetText, yearlyCount: current.targetYearlyCount },
              },
              { ...patch, indicatorIds: undefined },
              ['text', 'responsible'],
            ),
          );
          return values;
        },
      );
      const linked = await relink(trx, this.kommun, 'commitmentIndicator', id, indicatorIds, 'input.indicatorIds');
      return {
        before: { ...before, indicatorIds: linked.before },
        after,
        audited: { ...after, indicatorIds: linked.after },
      };
    });
  }

  /**
   * Förlängning, as Umeå prolonged its 2021–2022 promises into 2023–2024: a new DRAFT that extends
   * `id` (and follows it), with its focus areas, agreement and every åtagande that stands carried
   * over (`carriedOverFrom`), indicator links included. What the editor adds later is an addition.
   */
  async extendPromise(viewer: Viewer, id: string, input: ExtendPromiseInput): Promise<CitizenPromiseRow> {
    const editor = requireEditor(viewer, this.kommun.slug);
    const { start, end } = valid.period(input.period.start, input.period.end, 'input.period');
    const title = valid.requiredText(input.title, 'input.title', valid.maxLength.title);
    const internalNote = valid.optionalText(input.internalNote, 'input.internalNote', valid.maxLength.note);
    return this.audited(editor, 'extendPromise', 'CitizenPromise', async (trx) => {
      const extended = await this.lockPromise(trx, id, 'id');
      if (extended.status === 'WITHDRAWN' || extended.status === 'PREPARATION') {
        throw badUserInput(
          `${id} is ${extended.status}: only a draft, active or completed promise has a text to extend`,
          'id',
        );
      }
      if (start <= extended.periodStart)
        throw badUserInput(`input.period must begin after ${id} begins (${extended.periodStart})`, 'input.period');
      const created = await trx
        .insertInto('citizenPromise')
        .values({
          id: this.newId(),
          title,
          summary:
            input.summary != null
              ? valid.requiredText(input.summary, 'input.summary', valid.maxLength.summary)
              : extended.summary,
          periodStart: start,
          periodEnd: end,
          status: 'DRAFT',
          signedOn: null,
          focusAreas: extended.focusAreas,
          extendsId: id,
          previousId: id,
          agreementId: extended.agreementId,
          internalNote,
          ...ENTERED,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const commitments = withoutWithdrawn(
        await trx.selectFrom('commitment').selectAll().where('promiseId', '=', id).orderBy('position').execute(),
        false,
      );
      const carriedOver: string[] = [];
      for (const [position, commitment] of commitments.entries()) {
        const copy = await trx
          .insertInto('commitment')
          .values({
            id: this.newId(),
            promiseId: created.id,
            position,
            text: commitment.text,
            responsible: commitment.responsible,
            otherParty: commitment.otherParty,
            targetText: commitment.targetText,
            targetYearlyCount: commitment.targetYearlyCount,
            carriedOverFromId: commitment.id,
            // The new promise is the editor's: that its text was published before is on `carriedOverFrom`.
            ...ENTERED,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const indicators = await trx
          .selectFrom('commitmentIndicator')
          .select('indicatorId')
          .where('commitmentId', '=', commitment.id)
          .execute();
        if (indicators.length > 0) {
          await trx
            .insertInto('commitmentIndicator')
            .values(indicators.map((i) => ({ commitmentId: copy.id, indicatorId: i.indicatorId })))
            .execute();
        }
        carriedOver.push(copy.id);
      }
      return { before: null, after: created, audited: { ...created, carriedOverCommitmentIds: carriedOver } };
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
    return this.audited(
      editor,
      'recordActivity',
      'Activity',
      async (trx) => {
        await requireRecord(trx, this.kommun, 'commitment', commitmentId, 'commitmentId');
        const created = await trx
          .insertInto('activity')
          .values({ id: this.newId(), commitmentId, ...values, ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
      { in: 'activity', from: { commitmentId, input } },
    );
  }

  async recordFollowUp(viewer: Viewer, commitmentId: string, input: FollowUpInput) {
    const editor = requireEditor(viewer, this.kommun.slug);
    const values = {
      date: input.date,
      status: input.status,
      note: valid.requiredText(input.note, 'input.note', valid.maxLength.note),
    };
    return this.audited(
      editor,
      'recordFollowUp',
      'FollowUp',
      async (trx) => {
        await requireRecord(trx, this.kommun, 'commitment', commitmentId, 'commitmentId');
        const created = await trx
          .insertInto('followUp')
          .values({ id: this.newId(), commitmentId, ...values, ...ENTERED })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
      { in: 'followUp', from: { commitmentId, input } },
    );
  }

  /** How a promise of this kommun is locked: named in errors, missing as BAD_USER_INPUT on `field`. */
  private promiseLock(id: string, field: string) {
    return { what: 'Promise', missing: () => badUserInput(`${this.kommun.organisation} has no promise ${id}`, field) };
  }

  /** Reads and locks a promise of this kommun (one another record is written under). */
  private lockPromise(trx: Trx, id: string, field: string): Promise<CitizenPromiseRow> {
    return lockVersioned(trx, 'citizenPromise', id, this.promiseLock(id, field));
  }

  private signatories(trx: Trx, promiseId: string) {
    return trx
      .selectFrom('signatory')
      .select(['name', 'title', 'organisation'])
      .where('promiseId', '=', promiseId)
      .orderBy('position')
      .execute();
  }

  private async replaceSignatories(trx: Trx, promiseId: string, signatories: SignatoryInput[]) {
    await trx.deleteFrom('signatory').where('promiseId', '=', promiseId).execute();
    if (signatories.length > 0) {
      await trx
        .insertInto('signatory')
        .values(signatories.map((s, position) => ({ ...s, promiseId, position })))
        .execute();
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
        ...signingColumns(validSigning(input) ?? null),
        internalNote: valid.optionalText(input.internalNote, 'input.internalNote', valid.maxLength.note),
      },
      signatories: input.signatories ? valid.signatories(input.signatories, 'input.signatories') : null,
      indicatorIds: input.indicatorIds ? valid.idList(input.indicatorIds, 'input.indicatorIds') : null,
    };
  }

  /** The columns an update changes, checked against the promise as it is (status transitions, period). */
  private validPromisePatch(patch: UpdatePromiseInput, current: CitizenPromiseRow) {
    refuseClearing(patch, ['title', 'summary', 'period', 'status']);
    const period = patch.period ?? { start: current.periodStart, end: current.periodEnd };
    valid.period(period.start, period.end, 'input.period');
    if (patch.status) checkTransition(current.status, patch.status, 'updatePromise', 'input.status');
    const signing = validSigning(patch);
    return {
      ...(signing !== undefined && signingColumns(signing)),
      ...(patch.title != null && { title: valid.requiredText(patch.title, 'input.title', valid.maxLength.title) }),
      ...(patch.summary != null && {
        summary: valid.requiredText(patch.summary, 'input.summary', valid.maxLength.summary),
      }),
      ...(patch.period && { periodStart: period.start, periodEnd: period.end }),
      ...(patch.focusAreas !== undefined && {
        focusAreas: valid.textList(patch.focusAreas ?? [], 'input.focusAreas', valid.maxLength.focusArea),
      }),
      ...(patch.internalNote !== undefined && {
        internalNote: valid.optionalText(patch.internalNote, 'input.internalNote', valid.maxLength.note),
      }),
      ...(patch.status && { status: patch.status }),
    };
  }

  /** The lists an update replaces when it names them (null: emptied); null here means left as they are. */
  private validPromiseLists(patch: UpdatePromiseInput) {
    return {
      signatories:
        patch.signatories === undefined ? null : valid.signatories(patch.signatories ?? [], 'input.signatories'),
      indicatorIds:
        patch.indicatorIds === undefined ? null : valid.idList(patch.indicatorIds ?? [], 'input.indicatorIds'),
    };
  }

  private validCommitment(input: CommitmentInput) {
    const otherParty = valid.optionalText(input.otherParty, 'input.otherParty', valid.maxLength.name);
    if ((input.responsible === 'OTHER') !== (otherParty !== null)) {
      throw badUserInput(
        'input.otherParty names the acting party exactly when responsible is OTHER',
        'input.otherParty',
      );
    }
    return {
      text: valid.requiredText(input.text, 'input.text', valid.maxLength.text),
      responsible: input.responsible,
      otherParty,
      targetText: input.target
        ? valid.requiredText(input.target.text, 'input.target.text', valid.maxLength.text)
        : null,
      targetYearlyCount: input.target
        ? valid.positiveCount(input.target.yearlyCount, 'input.target.yearlyCount')
        : null,
      indicatorIds: input.indicatorIds ? valid.idList(input.indicatorIds, 'input.indicatorIds') : null,
    };
  }
}

/**
 * The signing date an input gives: `signing` as precisely as is known, or `signedOn` for a known
 * day; null clears it, undefined leaves it. Not both at once.
 */
function validSigning(input: {
  signedOn?: string | null | undefined;
  signing?:
    | { precision: SigningDate['precision']; earliest: string; latest?: string | null | undefined }
    | null
    | undefined;
}): SigningDate | null | undefined {
  if (input.signing != null && input.signedOn != null)
    throw badUserInput('Give input.signing or input.signedOn, not both', 'input.signing');
  if (input.signing != null) return validSigningDate(input.signing, 'input.signing');
  if (input.signedOn != null) return { precision: 'DAY', earliest: input.signedOn, latest: input.signedOn };
  return input.signing === null || input.signedOn === null ? null : undefined;
}
