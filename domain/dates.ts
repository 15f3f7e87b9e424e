import { badUserInput } from './errors.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Accepts a calendar date written as YYYY-MM-DD that exists (no 2023-02-30). The error names no
 * field: GraphQL prefixes it with the argument or input path it was found at.
 */
export function parseIsoDate(value: unknown): string {
  if (typeof value !== 'string') throw badUserInput('A date must be written as YYYY-MM-DD');
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw badUserInput(`A date must be a real date written as YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** Today's date in Sweden (Europe/Stockholm), as YYYY-MM-DD. */
export function todayInSweden(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
