import type { ObjectRef } from '@pothos/core';
import { requireInternalReader, type Viewer } from '../domain/access.js';
import type { AuditEntryRow } from '../domain/shared-tables.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';

/** Most entries one `auditLog` read returns. */
const MAX_AUDIT_ENTRIES = 500;

/**
 * `AuditEntry` (loggpost) and the `auditLog` field on the owner's type (`<Slug>Municipality`,
 * `LocalPoliceArea`): the newest entries first, readable only by the owner and coordinators.
 */
export function addAuditLogField<Context extends { viewer: Viewer }, Parent>(
  builder: SubgraphBuilder<Context>,
  owner: ObjectRef<SubgraphTypes<Context>, Parent>,
  options: {
    /** The owning organisation's slug. */
    ownerSlug: (ctx: Context) => string;
    description: string;
    read: (ctx: Context, limit: number) => Promise<AuditEntryRow[]>;
  },
): void {
  const AuditEntry = builder.objectRef<AuditEntryRow>('AuditEntry').implement({
    description: 'Loggpost: one change, recorded by the database that owns the record.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
      subject: t.exposeString('subject', { description: 'Who made the change (the token’s subject).' }),
      organisation: t.exposeString('organisation'),
      role: t.exposeString('role'),
      action: t.exposeString('action', { description: 'The mutation, e.g. updatePromise.' }),
      recordType: t.exposeString('recordType'),
      recordId: t.exposeID('recordId'),
      before: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.before }),
      after: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.after }),
    }),
  });
  builder.objectField(owner, 'auditLog', (t) =>
    t.field({
      type: [AuditEntry],
      nullable: { list: true, items: false },
      description: options.description,
      args: { limit: t.arg.int({ required: false, defaultValue: 50, description: `At most ${MAX_AUDIT_ENTRIES}.` }) },
      resolve: (_parent, { limit }, ctx) => {
        requireInternalReader(ctx.viewer, options.ownerSlug(ctx), 'the audit log');
        return options.read(ctx, Math.min(Math.max(limit ?? 50, 1), MAX_AUDIT_ENTRIES));
      },
    }),
  );
}
