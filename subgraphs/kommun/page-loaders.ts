import DataLoader from 'dataloader';
import { type Kysely, sql } from 'kysely';
import type { Page, PageKey } from '../../domain/pagination.js';
import type { KommunDatabase } from './database.js';

/**
 * Pages of a list that grows without bound (a commitment's activities or follow-ups, an
 * indicator's measurements), withdrawn records left out (the list fields show them to owners), for many parents at once: one statement for all the parents that
 * ask with the same page arguments, ranking each parent's items by (date, id) with window
 * functions, so a nested connection costs two statements per level (the page, the count),
 * however many parents.
 */
export function pagesOf<Row extends { id: string; date: string }>(
  db: Kysely<KommunDatabase>,
  table: 'activity' | 'follow_up' | 'measurement',
  parentColumn: 'commitment_id' | 'indicator_id',
): DataLoader<PageKey, Page<Row>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, PageKey[]>();
      for (const key of keys) {
        const args = JSON.stringify([key.first, key.after, key.from, key.to]);
        groups.set(args, [...(groups.get(args) ?? []), key]);
      }
      const pages = new Map<string, Page<Row>>();
      for (const group of groups.values()) {
        const { first, after, from, to } = group[0]!;
        const parent = sql.ref(`t.${parentColumn}`);
        const parentIds = sql.join(group.map((k) => k.parentId));
        const inRange = sql`(${from}::date is null or t.date >= ${from}::date) and (${to}::date is null or t.date <= ${to}::date)`;
        const { rows } = await sql<Row & { parentKey: string; position: number }>`
          select * from (
            select t.*, ${parent} as parent_key, row_number() over (partition by ${parent} order by t.date, t.id)::int as position
            from ${sql.table(table)} t
            where ${parent} in (${parentIds}) and ${inRange} and t.withdrawn_at is null
              and (${after === null} or (t.date, t.id) > (${after?.date ?? null}::date, ${after?.id ?? null}::text))
          ) paged
          where paged.position <= ${first + 1}
          order by paged.parent_key, paged.position`.execute(db);
        // Counted apart from the cursor, so every page tells the same total.
        const { rows: counts } = await sql<{ parentKey: string; count: number }>`
          select ${parent} as parent_key, count(*)::int as count from ${sql.table(table)} t
          where ${parent} in (${parentIds}) and ${inRange} and t.withdrawn_at is null group by ${parent}`.execute(db);
        for (const key of group) {
          const own = rows.filter((row) => row.parentKey === key.parentId);
          pages.set(pageKey(key), {
            items: own.slice(0, first).map(({ parentKey: _p, position: _n, ...item }) => item as unknown as Row),
            hasNextPage: own.length > first,
            totalCount: counts.find((c) => c.parentKey === key.parentId)?.count ?? 0,
          });
        }
      }
      return keys.map((key) => pages.get(pageKey(key))!);
    },
    { cacheKeyFn: pageKey },
  );
}

function pageKey(key: PageKey): string {
  return JSON.stringify([key.parentId, key.first, key.after, key.from, key.to]);
}
