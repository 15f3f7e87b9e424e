import type { ArgBuilder, ObjectRef } from '@pothos/core';
import { dateRangeArgs } from '../domain/date-range.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, type Page, pageRequest } from '../domain/pagination.js';
import type {
  ActivityRecord,
  CommitmentRecord,
  FollowUpRecord,
  IndicatorRecord,
  MeasurementRecord,
} from '../domain/records.js';
import type { SubgraphBuilder, SubgraphTypes } from './builder.js';
import type { KommunReadContext } from './kommun-read-context.js';

export interface PageInfoValue {
  hasNextPage: boolean;
  endCursor: string | null;
}

const pageInfoTypes = new WeakMap<object, ObjectRef<any, PageInfoValue>>();

/** `PageInfo`, made once per builder: the kommun's connections and every owner's audit log share it. */
export function pageInfoType<Context extends object>(
  builder: SubgraphBuilder<Context>,
): ObjectRef<SubgraphTypes<Context>, PageInfoValue> {
  if (!pageInfoTypes.has(builder)) {
    pageInfoTypes.set(
      builder,
      builder.objectRef<PageInfoValue>('PageInfo').implement({
        description:
          'Where a page of a connection ends: pass `endCursor` as `after` for the next page while `hasNextPage`.',
        shareable: true,
        fields: (t) => ({
          hasNextPage: t.exposeBoolean('hasNextPage'),
          endCursor: t.exposeString('endCursor', {
            nullable: true,
            description: 'The last edge’s cursor; null on an empty page.',
          }),
        }),
      }),
    );
  }
  return pageInfoTypes.get(builder)!;
}

/**
 * Relay-style cursor connections on the lists that grow without bound, beside the plain list
 * fields (which stay): `activitiesConnection`, `followUpsConnection` on a commitment and
 * `measurementsConnection` on an indicator, each with `first`, `after` and a date range.
 */
export function addConnectionFields<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  types: {
    Commitment: ObjectRef<any, CommitmentRecord>;
    Activity: ObjectRef<any, ActivityRecord>;
    FollowUp: ObjectRef<any, FollowUpRecord>;
    Indicator: ObjectRef<any, IndicatorRecord>;
    Measurement: ObjectRef<any, MeasurementRecord>;
  },
) {
  const PageInfo = pageInfoType(builder);

  function connectionType<Item extends { id: string; date: string }>(
    name: string,
    node: ObjectRef<any, Item>,
    what: string,
  ) {
    const Edge = builder.objectRef<Item>(`${name}Edge`).implement({
      shareable: true,
      fields: (t) => ({
        cursor: t.string({ resolve: (item) => encodeCursor(item) }),
        // Pothos cannot relate a generic parent to a generic node type; they are the same item.
        node: t.field({ type: node, resolve: (item) => item as never }),
      }),
    });
    return builder.objectRef<Page<Item>>(`${name}Connection`).implement({
      description: `A page of ${what}, oldest first (by date, then id).`,
      shareable: true,
      fields: (t) => ({
        edges: t.field({ type: [Edge], resolve: (page) => page.items }),
        pageInfo: t.field({
          type: PageInfo,
          resolve: (page) => ({
            hasNextPage: page.hasNextPage,
            endCursor: page.items.length > 0 ? encodeCursor(page.items.at(-1)!) : null,
          }),
        }),
        totalCount: t.int({
          description: 'How many there are in the date range, on all pages.',
          resolve: (page) => page.totalCount,
        }),
      }),
    });
  }

  const pageArgs = (arg: ArgBuilder<SubgraphTypes<Context>>) => ({
    first: arg.int({
      required: false,
      description: `How many (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`,
    }),
    after: arg.string({ required: false, description: 'The cursor to continue after (a previous page’s endCursor).' }),
    from: arg({ type: 'Date', required: false, description: dateRangeArgs.from }),
    to: arg({ type: 'Date', required: false, description: dateRangeArgs.to }),
  });

  const ActivityConnection = connectionType('Activity', types.Activity, 'aktiviteter');
  const FollowUpConnection = connectionType('FollowUp', types.FollowUp, 'uppföljningar');
  const MeasurementConnection = connectionType('Measurement', types.Measurement, 'mätningar');

  builder.objectFields(types.Commitment, (t) => ({
    activitiesConnection: t.field({
      type: ActivityConnection,
      description: 'The kommun’s aktiviteter under this åtagande, a page at a time, within the dates if given.',
      args: pageArgs(t.arg),
      resolve: (c, args, ctx) => ctx.loaders.activityPages.load({ parentId: c.id, ...pageRequest(args) }),
    }),
    followUpsConnection: t.field({
      type: FollowUpConnection,
      description: 'Uppföljningar of this åtagande, a page at a time, within the dates if given.',
      args: pageArgs(t.arg),
      resolve: (c, args, ctx) => ctx.loaders.followUpPages.load({ parentId: c.id, ...pageRequest(args) }),
    }),
  }));
  builder.objectFields(types.Indicator, (t) => ({
    measurementsConnection: t.field({
      type: MeasurementConnection,
      description: 'Mätningar of this indikator, a page at a time, within the dates if given.',
      args: pageArgs(t.arg),
      resolve: (i, args, ctx) => ctx.loaders.measurementPages.load({ parentId: i.id, ...pageRequest(args) }),
    }),
  }));
  return { PageInfo };
}
