import type { ObjectRef } from '@pothos/core';
import { requireInternalReader, type Viewer } from '../domain/access.js';
import { type Change, type ChangeFeedPage, changeKinds, MAX_CHANGES } from '../domain/change-feed.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';

/**
 * `changesSince(cursor:, first:)` on the owner's type: what changed after a cursor, oldest first,
 * for tools that sync incrementally. Like the audit log it is read from, only for the owner and
 * coordinators (drafts' changes are in it).
 */
export function addChangeFeedField<Context extends { viewer: Viewer }, Parent>(
  builder: SubgraphBuilder<Context>,
  owner: ObjectRef<SubgraphTypes<Context>, Parent>,
  options: {
    ownerSlug: (ctx: Context) => string;
    read: (ctx: Context, cursor: string | null, first: number) => Promise<ChangeFeedPage>;
  },
): void {
  const ChangeKind = builder.enumType('ChangeKind', {
    description: 'What a change did to its record.',
    values: Object.fromEntries(
      Object.entries(changeKinds).map(([name, description]) => [name, { description }]),
    ) as Record<keyof typeof changeKinds, { description: string }>,
  });
  const ChangeType = builder.objectRef<Change>('Change').implement({
    description: 'One change in a change feed: fetch the record again (CREATED, UPDATED) or drop it (WITHDRAWN).',
    shareable: true,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Read on after this change with changesSince(cursor:).' }),
      at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
      kind: t.field({ type: ChangeKind, resolve: (c) => c.kind }),
      action: t.exposeString('action', { description: 'The mutation, e.g. updatePromise.' }),
      recordType: t.exposeString('recordType'),
      recordId: t.exposeID('recordId'),
    }),
  });
  const Feed = builder.objectRef<ChangeFeedPage>('ChangeFeed').implement({
    description: 'Changes after a cursor, oldest first.',
    shareable: true,
    fields: (t) => ({
      changes: t.field({ type: [ChangeType], resolve: (f) => f.changes }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass this as cursor next time; null only when the feed is empty and no cursor was given.',
      }),
      hasMore: t.exposeBoolean('hasMore', { description: 'More changes follow at once: read again from endCursor.' }),
    }),
  });
  builder.objectField(owner, 'changesSince', (t) =>
    t.field({
      type: Feed,
      nullable: true,
      description:
        'Changes for sync: created, updated and withdrawn records after a cursor (from the start without one). Only for the owner’s tokens and coordinators.',
      args: {
        cursor: t.arg.string({
          required: false,
          description: 'endCursor of the previous read; left out, the feed starts at the beginning.',
        }),
        first: t.arg.int({ required: false, defaultValue: 100, description: `At most ${MAX_CHANGES}.` }),
      },
      resolve: (_parent, { cursor, first }, ctx) => {
        requireInternalReader(ctx.viewer, options.ownerSlug(ctx), 'the change feed');
        return options.read(ctx, cursor ?? null, first ?? 100);
      },
    }),
  );
}
