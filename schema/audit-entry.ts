import type { ObjectRef } from '@pothos/core';
import { requireInternalReader, type Viewer } from '../domain/access.js';
import { auditCursor, auditEntryIdOf } from '../domain/audit-log.js';
import { badUserInput } from '../domain/errors.js';
import type { AuditEntryRow } from '../domain/shared-tables.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';
import { pageInfoType } from './connections.js';

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
    /** A page, newest first, before the entry of that id (or from the newest). */
    readPage: (
      ctx: Context,
      first: number,
      before: string | null,
    ) => Promise<{ items: AuditEntryRow[]; hasNextPage: boolean; totalCount: number }>;
  },
): void {
  const AuditEntry = builder.objectRef<AuditEntryRow>('AuditEntry').implement({
    description: 'Loggpost: one change, recorded by the database that owns the record.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
      subject: t.exposeString('subject', { description: 'Who made the change (the token’s subject).' }),
      actorName: t.exposeString('actorName', {
        nullable: true,
        description:
          'The person’s display name (namn), as their identity provider gave it; null for development tokens.',
      }),
      actorIssuer: t.exposeString('actorIssuer', {
        nullable: true,
        description: 'The identity provider (utfärdare) that signed the person in; null for development tokens.',
      }),
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

  // The same log a page at a time, for a log that grows without bound.
  type AuditPage = Awaited<ReturnType<typeof options.readPage>>;
  const Edge = builder.objectRef<AuditEntryRow>('AuditEntryEdge').implement({
    shareable: true,
    fields: (t) => ({
      cursor: t.string({ resolve: (e) => auditCursor(e.id) }),
      node: t.field({ type: AuditEntry, resolve: (e) => e }),
    }),
  });
  const Connection = builder.objectRef<AuditPage>('AuditEntryConnection').implement({
    description: 'A page of the loggbok, newest first.',
    shareable: true,
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (page) => page.items }),
      pageInfo: t.field({
        type: pageInfoType(builder),
        resolve: (page) => ({
          hasNextPage: page.hasNextPage,
          endCursor: page.items.length > 0 ? auditCursor(page.items.at(-1)!.id) : null,
        }),
      }),
      totalCount: t.int({ description: 'How many entries the loggbok has.', resolve: (page) => page.totalCount }),
    }),
  });
  builder.objectField(owner, 'auditLogConnection', (t) =>
    t.field({
      type: Connection,
      nullable: true,
      description: `${options.description} A page at a time: pass pageInfo.endCursor as after for older entries.`,
      args: {
        first: t.arg.int({ required: false, description: `How many (default 50, at most ${MAX_AUDIT_ENTRIES}).` }),
        after: t.arg.string({
          required: false,
          description: 'The cursor to continue after (a previous page’s endCursor).',
        }),
      },
      resolve: (_parent, { first, after }, ctx) => {
        requireInternalReader(ctx.viewer, options.ownerSlug(ctx), 'the audit log');
        const size = first ?? 50;
        if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIT_ENTRIES)
          throw badUserInput(`first must be between 1 and ${MAX_AUDIT_ENTRIES}`, 'first');
        return options.readPage(ctx, size, after ? auditEntryIdOf(after, 'after') : null);
      },
    }),
  );
}
