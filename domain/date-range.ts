import { badUserInput } from './errors.js';

/** A range of ISO dates, both ends inclusive; either end open (null). */
export interface DateRange {
  from: string | null;
  to: string | null;
}

/** The `from`/`to` arguments of a list or count, checked: `from` after `to` is the caller's mistake. */
export function dateRange(
  from: string | null | undefined,
  to: string | null | undefined,
  names: [string, string] = ['from', 'to'],
): DateRange {
  if (from && to && from > to) throw badUserInput(`${names[0]} (${from}) is after ${names[1]} (${to})`, names[0]);
  return { from: from ?? null, to: to ?? null };
}

/** How the schema describes `from` and `to` wherever they are arguments. */
export const dateRangeArgs = {
  from: 'Only those on or after this date.',
  to: 'Only those on or before this date; a `to` before `from` is BAD_USER_INPUT.',
};

export function inDateRange(date: string, range: DateRange): boolean {
  return (range.from === null || date >= range.from) && (range.to === null || date <= range.to);
}
