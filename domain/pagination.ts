import { type DateRange, dateRange } from './date-range.js';
import { badUserInput } from './errors.js';

/**
 * Cursor pagination (Relay connections) over lists ordered by date, then id: a cursor is an
 * opaque token for one item's (date, id), so a page starts right after it even when items are
 * added before it meanwhile.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface Position {
  date: string;
  id: string;
}

export interface PageRequest extends DateRange {
  first: number;
  after: Position | null;
}

/** One parent's page: the loaders' key. */
export type PageKey = PageRequest & { parentId: string };

export interface Page<Item> {
  items: Item[];
  hasNextPage: boolean;
  /** All items in the date range, on every page. */
  totalCount: number;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.date, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [date, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof date === 'string' && typeof id === 'string') return { date, id };
  } catch {
    // falls through to the error below
  }
  throw badUserInput('after is not a cursor of this list (take endCursor or an edge’s cursor)', 'after');
}

/** The arguments of a connection field, checked. */
export function pageRequest(args: {
  first?: number | null;
  after?: string | null;
  from?: string | null;
  to?: string | null;
}): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  return { first, after: args.after ? decodeCursor(args.after) : null, ...dateRange(args.from, args.to) };
}
