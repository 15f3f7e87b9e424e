import { badUserInput } from './errors.js';
import type { SignatoryFields } from './records.js';

/** Limits on free text, generous for real use and small enough to refuse abuse. */
export const maxLength = {
  title: 200,
  name: 200,
  place: 200,
  focusArea: 120,
  text: 2_000,
  summary: 5_000,
  description: 5_000,
  note: 5_000,
  /** One item of a list: a prioritised problem, a key finding, a goal. */
  item: 500,
  unit: 40,
} as const;

/**
 * Characters no id or text of the hub may hold, whatever the field: control characters other than
 * tab and line breaks (PostgreSQL cannot store NUL at all), bidirectional overrides and isolates
 * (they make a text read other than it is stored), and lone surrogates (not Unicode; they would be
 * stored as U+FFFD).
 */
const FORBIDDEN_CHARACTERS: [RegExp, string][] = [
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this pattern is for.
  [/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/, 'control characters'],
  [/[\u202A-\u202E\u2066-\u2069]/, 'bidirectional override characters'],
  [/\p{Surrogate}/u, 'lone surrogates (it is not valid Unicode)'],
];

/** What kind of character no field accepts `value` holds, or null when it holds none. */
export function forbiddenCharacters(value: string): string | null {
  return FORBIDDEN_CHARACTERS.find(([characters]) => characters.test(value))?.[1] ?? null;
}

/** Refuses a string argument holding characters no field accepts, naming the argument. */
export function checkCharacters(value: string, field: string): void {
  const what = forbiddenCharacters(value);
  if (what) throw badUserInput(`${field} must not contain ${what}`, field);
}

/** Whitespace and characters that print as nothing (zero-width spaces, joiners, marks, fillers). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists invisible characters one by one, a combining one (U+034F) among them.
const INVISIBLE = /[\p{White_Space}\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/gu;

/** Whether a text shows nothing: empty after removing whitespace and invisible characters. */
export function isBlank(value: string): boolean {
  return value.replace(INVISIBLE, '') === '';
}

/** A trimmed, non-blank text in Unicode NFC of at most `max` characters; names the field when it is not. */
export function requiredText(value: string, field: string, max: number): string {
  checkCharacters(value, field);
  const text = value.normalize('NFC').trim();
  if (isBlank(text)) throw badUserInput(`${field} must not be empty`, field);
  if (text.length > max) throw badUserInput(`${field} must be at most ${max} characters (got ${text.length})`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  checkCharacters(value, field);
  return isBlank(value) ? null : requiredText(value, field, max);
}

/**
 * The `Idempotency-Key` header: 1 to 200 printable characters (a UUID is usual), or none.
 * It is stored with the record's id, so it is held to the rules of text.
 */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const field = 'Idempotency-Key';
  checkCharacters(header, field);
  if (isBlank(header) || header.length > 200 || /[\t\n\r]/.test(header))
    throw badUserInput(`${field} must be 1 to 200 printable characters`, field);
  return header;
}

/** A list input of at most `maxItems` items. */
export function atMost<Item>(values: readonly Item[], field: string, maxItems: number): readonly Item[] {
  if (values.length > maxItems) throw badUserInput(`${field} may have at most ${maxItems} items`, field);
  return values;
}

export function textList(values: readonly string[], field: string, max: number, maxItems = 20): string[] {
  atMost(values, field, maxItems);
  return values.map((value, i) => requiredText(value, `${field}[${i}]`, max));
}

/** Dates are ISO strings (already checked by the Date scalar), so they compare as text. */
export function period(start: string, end: string, field: string): { start: string; end: string } {
  if (start > end) throw badUserInput(`${field}: start ${start} must not be after end ${end}`, field);
  return { start, end };
}

export function positiveCount(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 1_000)
    throw badUserInput(`${field} must be a whole number from 1 to 1000`, field);
  return value;
}

/** A whole number in a range, or null when not given. */
export function optionalCount(value: number | null | undefined, field: string, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw badUserInput(`${field} must be a whole number from 0 to ${max}`, field);
  return value;
}

/** A finite number (GraphQL's Float already refuses NaN and Infinity; this also bounds it). */
export function measuredValue(value: number, field: string): number {
  if (!Number.isFinite(value) || Math.abs(value) > 1e12)
    throw badUserInput(`${field} must be a number between -10¹² and 10¹²`, field);
  return value;
}

/** An enum list with at least one value and none twice. */
export function enumList<Value extends string>(values: readonly Value[], field: string): Value[] {
  if (values.length === 0) throw badUserInput(`${field} must name at least one`, field);
  return [...new Set(values)];
}

/** Ids listed once each, at most `maxItems`. */
/** Ids, each listed once (so an error's index is the caller's own), at most `maxItems`. */
export function idList(values: readonly string[], field: string, maxItems = 50): string[] {
  const ids = atMost(values, field, maxItems).map(String);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0)
    throw badUserInput(`${field}[${repeated}]: ${ids[repeated]} is listed twice`, `${field}[${repeated}]`);
  return ids;
}

/** Undertecknare: at most 20, each with name, title and organisation. */
export function signatories(values: readonly SignatoryFields[], field: string): SignatoryFields[] {
  return atMost(values, field, 20).map((s, i) => ({
    name: requiredText(s.name, `${field}[${i}].name`, maxLength.name),
    title: requiredText(s.title, `${field}[${i}].title`, maxLength.name),
    organisation: requiredText(s.organisation, `${field}[${i}].organisation`, maxLength.name),
  }));
}
