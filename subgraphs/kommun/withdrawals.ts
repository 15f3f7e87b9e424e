import type { Kysely } from 'kysely';
import { requireEditor, type Viewer } from '../../domain/access.js';
import { auditedChange } from '../../domain/audit-log.js';
import { notFound } from '../../domain/errors.js';
import { checkTransition } from '../../domain/promise-lifecycle.js';
import type { CitizenPromiseRecord, Versioned, WithdrawalFields } from '../../domain/records.js';
import type { Kommun } from '../../domain/region.js';
import * as valid from '../../domain/validation.js';
import { withdrawVersioned } from '../../domain/withdrawals.js';
import type { KommunDatabase } from './database.js';

/**
 * Every kind of kommun record that can be withdrawn, by the name its mutation takes
 * (`withdraw<Kind>`): its table, the audit log's record type, and how errors name it.
 */
export const withdrawableKinds = {
  Promise: { table: 'citizenPromise', recordType: 'CitizenPromise', what: 'promise' },
  Commitment: { table: 'commitment', recordType: 'Commitment', what: 'commitment' },
  Activity: { table: 'activity', recordType: 'Activity', what: 'activity' },
  FollowUp: { table: 'followUp', recordType: 'FollowUp', what: 'follow-up' },
  SituationPicture: { table: 'situationPicture', recordType: 'SituationPicture', what: 'situation picture' },
  CitizenDialogue: { table: 'citizenDialogue', recordType: 'CitizenDialogue', what: 'citizen dialogue' },
  CollaborationAgreement: {
    table: 'collaborationAgreement',
    recordType: 'CollaborationAgreement',
    what: 'collaboration agreement',
  },
  Indicator: { table: 'indicator', recordType: 'Indicator', what: 'indicator' },
  Measurement: { table: 'measurement', recordType: 'Measurement', what: 'measurement' },
} as const satisfies Record<string, { table: keyof KommunDatabase; recordType: string; what: string }>;
export type WithdrawableKind = keyof typeof withdrawableKinds;

type WithdrawableRow = { id: string } & Versioned & WithdrawalFields;

/**
 * Withdraws a record of any kind: an editor of the kommun, a reason, the version it is based on,
 * one transaction with its audit entry. The record stays; a promise also becomes WITHDRAWN
 * (when the status table allows it).
 */
export async function withdrawRecord(
  db: Kysely<KommunDatabase>,
  kommun: Kommun,
  viewer: Viewer,
  kind: WithdrawableKind,
  change: { id: string; expectedVersion: number; reason: string },
): Promise<WithdrawableRow> {
  const editor = requireEditor(viewer, kommun.slug);
  const reason = valid.requiredText(change.reason, 'reason', valid.maxLength.note);
  const { table, recordType, what } = withdrawableKinds[kind];
  return auditedChange(db, editor, { action: `withdraw${kind}`, recordType }, (trx) =>
    withdrawVersioned(
      trx,
      table,
      change.id,
      {
        what: what[0]!.toUpperCase() + what.slice(1),
        expectedVersion: change.expectedVersion,
        missing: () => notFound(`${kommun.organisation} has no ${what} ${change.id}`),
      },
      { editor, reason },
      (before) => {
        if (kind !== 'Promise') return {};
        checkTransition((before as unknown as CitizenPromiseRecord).status, 'WITHDRAWN', 'withdrawPromise', 'id');
        return { status: 'WITHDRAWN' as const };
      },
    ),
  );
}
