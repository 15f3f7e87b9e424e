import { canReadInternal, type Viewer } from '../domain/access.js';
import type { SourceFields, WithdrawalFields } from '../domain/records.js';
import { withoutWithdrawn } from '../domain/withdrawals.js';
import type { SubgraphBuilder } from './builder.js';
import type { SharedEnums } from './enums.js';

/** `Source` (källa), shared by every subgraph: where a record comes from. */
export function addSourceType<Context extends object>(builder: SubgraphBuilder<Context>, enums: SharedEnums) {
  return builder.objectRef<SourceFields>('Source').implement({
    description: 'Källa: where a record comes from. Seed data that is not a published fact is ILLUSTRATIVE.',
    shareable: true,
    fields: (t) => ({
      kind: t.field({ type: enums.SourceKind, resolve: (s) => s.sourceKind }),
      reference: t.string({
        nullable: true,
        description: 'The published page or document the record is taken from, or a note on it.',
        resolve: (s) => s.sourceReference,
      }),
    }),
  });
}

/** The schema's description of every `version` field. */
export const versionField = { description: 'Increases with every change; used to detect concurrent edits.' } as const;

/** `Withdrawal` (återkallelse), shared by every subgraph: when, why and (for the owner and coordinators) by whom a record was withdrawn. */
export function addWithdrawalType<Context extends { viewer: Viewer }>(
  builder: SubgraphBuilder<Context>,
  ownerSlug: (ctx: Context) => string,
) {
  return builder.objectRef<WithdrawalFields>('Withdrawal').implement({
    description:
      'Återkallelse: the owner withdrew the record. It stays, so what was once published can still be accounted for.',
    shareable: true,
    fields: (t) => ({
      at: t.field({ type: 'DateTime', resolve: (w) => w.withdrawnAt! }),
      reason: t.string({ description: 'Why it was withdrawn (skäl).', resolve: (w) => w.withdrawalReason! }),
      by: t.string({
        nullable: true,
        description: 'Who withdrew it (the token’s subject); null unless the caller is the owner or a coordinator.',
        resolve: (w, _args, ctx) => (canReadInternal(ctx.viewer, ownerSlug(ctx)) ? w.withdrawnBy : null),
      }),
    }),
  });
}

/** A record's withdrawal, or null while it stands. */
export function withdrawalOf(record: WithdrawalFields): WithdrawalFields | null {
  return record.withdrawnAt === null ? null : record;
}

/** The options of the `withdrawal` field every withdrawable type has. */
export function withdrawalField<Ref>(Withdrawal: Ref) {
  return {
    type: Withdrawal,
    nullable: true,
    description: 'Återkallelse: set when the owner withdrew this record; null while it stands.',
    resolve: withdrawalOf,
  } as const;
}

/** The `includeWithdrawn` argument of a list field. */
export const includeWithdrawnArg = {
  required: false,
  defaultValue: false,
  description:
    'Also list withdrawn (återkallade) records, marked by `withdrawal`. Honoured only for the owner’s tokens and coordinators; others never see withdrawn records in lists.',
} as const;

/** The records a kommun's list shows this caller: withdrawn ones only to the kommun and coordinators who ask for them. */
export function listedRecords<Row extends WithdrawalFields>(
  rows: readonly Row[],
  ctx: { viewer: Viewer; kommun: { slug: string } },
  includeWithdrawn: boolean | null | undefined,
): Row[] {
  return withoutWithdrawn(rows, Boolean(includeWithdrawn) && canReadInternal(ctx.viewer, ctx.kommun.slug));
}
