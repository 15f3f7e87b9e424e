import type { AuditEntryRow } from '../domain/shared-tables.js';
import type { SubgraphBuilder } from './builder.js';


/** `AuditEntry` (loggpost): one change recorded by the owning database. */
export function addAuditEntryType<Context extends object>(builder: SubgraphBuilder<Context>) {
  return builder.objectRef<AuditEntryRow>('AuditEntry').implement({
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
}
