import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import { auditedChange } from '../../domain/audit-log.js';
import { badUserInput, dependencyUnavailable } from '../../domain/errors.js';
import { idempotentCreate } from '../../domain/idempotency-keys.js';
import type { SituationPictureRecord } from '../../domain/records.js';
import { ENTERED } from '../../domain/records.js';
import type { Region } from '../../domain/region.js';
import {
  createSituationPicture,
  type SituationPictureInput,
  type SituationPicturePatch,
  updateSituationPicture,
} from '../../domain/situation-pictures.js';
import * as valid from '../../domain/validation.js';
import type { CommitmentCheck } from './commitment-check.js';
import type { PoliceActivityRecord, PoliceDatabase } from './database.js';
import type { PoliceActivityInput } from './police-activity-inputs.js';

/** The police area's changes: only its editors, validated, checked with the owning kommun, audited. */
export class PoliceWrites {
  constructor(
    private readonly db: Kysely<PoliceDatabase>,
    private readonly region: Region,
    private readonly commitmentExists: CommitmentCheck,
    /** The request's Idempotency-Key: each create it makes is safe to retry. */
    private readonly idempotencyKey?: string | undefined,
  ) {}

  async recordPoliceActivity(viewer: Viewer, input: PoliceActivityInput): Promise<PoliceActivityRecord> {
    const editor = requireEditor(viewer, this.region.policeArea.slug);
    const values = {
      date: input.date,
      kind: input.kind,
      place: valid.requiredText(input.place, 'input.place', valid.maxLength.place),
      description: valid.requiredText(input.description, 'input.description', valid.maxLength.description),
    };
    // Kommun-owned ids start with the owning kommun's kommunkod.
    const kommun = this.region.kommuner.find((k) => input.commitmentId.startsWith(`${k.code}-`));
    if (!kommun)
      throw badUserInput(
        `${input.commitmentId} is not a commitment of a kommun in ${this.region.policeArea.name}`,
        'input.commitmentId',
      );

    let exists: boolean;
    try {
      exists = await this.commitmentExists(kommun, input.commitmentId);
    } catch (error) {
      throw dependencyUnavailable(
        `${kommun.organisation} could not confirm commitment ${input.commitmentId} (${(error as Error).message}); nothing was stored, try again`,
        kommun.slug,
      );
    }
    if (!exists)
      throw badUserInput(
        `${kommun.organisation} has no published commitment ${input.commitmentId}`,
        'input.commitmentId',
      );

    return auditedChange(
      this.db,
      editor,
      {
        action: 'recordPoliceActivity',
        recordType: 'PoliceActivity',
        idempotency: idempotentCreate(this.idempotencyKey, 'policeActivity', input),
      },
      async (trx) => {
        const created = await trx
          .insertInto('policeActivity')
          .values({
            id: `polis-${randomUUID()}`,
            kommunCode: kommun.code,
            commitmentId: input.commitmentId,
            ...values,
            ...ENTERED,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { before: null, after: created };
      },
    );
  }

  /** The police area's own lägesbild summary. */
  recordSituationPicture(viewer: Viewer, input: SituationPictureInput): Promise<SituationPictureRecord> {
    const editor = requireEditor(viewer, this.region.policeArea.slug);
    return createSituationPicture(
      this.db,
      editor,
      {
        id: `polis-${randomUUID()}`,
        action: 'recordPoliceSituationPicture',
        idempotency: idempotentCreate(this.idempotencyKey, 'situationPicture', input),
      },
      input,
    );
  }

  updateSituationPicture(
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    input: SituationPicturePatch,
  ): Promise<SituationPictureRecord> {
    const editor = requireEditor(viewer, this.region.policeArea.slug);
    return updateSituationPicture(this.db, editor, this.region.policeArea.name, {
      id,
      expectedVersion,
      input,
      action: 'updatePoliceSituationPicture',
    });
  }
}
