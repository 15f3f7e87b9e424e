import type { SigningPrecision } from './enums.js';
import { badUserInput } from './errors.js';

/**
 * A signing date as precisely as it is known, and no more: a day, a week, a month, a season, a
 * year, or a range between two days. Stored as the precision with the first and last day it
 * can have been; `signedOn` is kept (for older clients) only when the day is known.
 */
export interface SigningDate {
  precision: SigningPrecision;
  earliest: string;
  latest: string;
}

export interface SigningColumns {
  signedPrecision: SigningPrecision | null;
  signedEarliest: string | null;
  signedLatest: string | null;
  signedOn: string | null;
}

const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
/** Meteorological seasons, by the month they begin in: Swedish usage for "våren 2025". */
const SEASONS: Record<number, string> = { 3: 'våren', 6: 'sommaren', 9: 'hösten', 12: 'vintern' };

const parts = (date: string) => ({
  year: Number(date.slice(0, 4)),
  month: Number(date.slice(5, 7)),
  day: Number(date.slice(8, 10)),
});
const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => iso(new Date(utc(date).getTime() + days * 86_400_000));
/** The last day of the month `months` after the one `date` is in. */
const monthEnd = (date: string, months = 0) => {
  const { year, month } = parts(date);
  return iso(new Date(Date.UTC(year, month - 1 + months + 1, 0)));
};

/** The last day a signing of `precision` that began on `earliest` can have been, where that follows from the precision. */
function impliedLatest(precision: SigningPrecision, earliest: string): string | null {
  switch (precision) {
    case 'DAY':
      return earliest;
    case 'WEEK':
      return addDays(earliest, 6);
    case 'MONTH':
      return monthEnd(earliest);
    case 'SEASON':
      return monthEnd(earliest, 2);
    case 'YEAR':
      return `${earliest.slice(0, 4)}-12-31`;
    case 'RANGE':
      return null;
  }
}

/**
 * Checks a signing date as an editor gives it (`field` names the input): `earliest` is the first
 * day of its day, week (a Monday), month, season (1 March, June, September or December) or year;
 * `latest` may be left out except for a range, and a week's may end before Sunday (a working
 * week: "veckan 27 februari–3 mars 2023").
 */
export function validSigningDate(
  input: { precision: SigningPrecision; earliest: string; latest?: string | null | undefined },
  field: string,
): SigningDate {
  const { precision, earliest } = input;
  const { month, day } = parts(earliest);
  const startsUnit =
    precision === 'WEEK'
      ? utc(earliest).getUTCDay() === 1
      : precision === 'MONTH'
        ? day === 1
        : precision === 'SEASON'
          ? day === 1 && month in SEASONS
          : precision === 'YEAR'
            ? day === 1 && month === 1
            : true;
  if (!startsUnit) {
    const first = {
      WEEK: 'a Monday',
      MONTH: 'the first of a month',
      SEASON: 'the first of March, June, September or December',
      YEAR: 'the first of January',
    }[precision as 'WEEK'];
    throw badUserInput(
      `${field}.earliest must be ${first} for precision ${precision}, got ${earliest}`,
      `${field}.earliest`,
    );
  }
  const implied = impliedLatest(precision, earliest);
  const latest = input.latest ?? implied;
  if (latest === null) throw badUserInput(`${field}.latest is required for precision RANGE`, `${field}.latest`);
  if (latest < earliest)
    throw badUserInput(`${field}.latest ${latest} must not be before earliest ${earliest}`, `${field}.latest`);
  const withinWeek = precision === 'WEEK' && latest <= implied!;
  if (implied !== null && latest !== implied && !withinWeek) {
    throw badUserInput(
      `${field}.latest must be ${implied} for precision ${precision} (or be left out), got ${latest}`,
      `${field}.latest`,
    );
  }
  return { precision, earliest, latest };
}

/** The columns a signing date is stored in; null clears it. */
export function signingColumns(signing: SigningDate | null): SigningColumns {
  return {
    signedPrecision: signing?.precision ?? null,
    signedEarliest: signing?.earliest ?? null,
    signedLatest: signing?.latest ?? null,
    signedOn: signing?.precision === 'DAY' ? signing.earliest : null,
  };
}

/** A stored signing date, or null when it is not known. */
export function signingOf(record: Omit<SigningColumns, 'signedOn'>): SigningDate | null {
  return record.signedPrecision && record.signedEarliest && record.signedLatest
    ? { precision: record.signedPrecision, earliest: record.signedEarliest, latest: record.signedLatest }
    : null;
}

const dayMonth = (date: string) => `${parts(date).day} ${MONTHS[parts(date).month - 1]}`;
const dayMonthYear = (date: string) => `${dayMonth(date)} ${parts(date).year}`;

/** Two days as Swedish text: "6–10 mars 2023", "27 februari–3 mars 2023", "30 december 2022–2 januari 2023" (or joined by " och "). */
function dayRange(earliest: string, latest: string, between = '–'): string {
  const a = parts(earliest);
  const b = parts(latest);
  if (earliest === latest) return dayMonthYear(earliest);
  if (a.year !== b.year) return `${dayMonthYear(earliest)}${between}${dayMonthYear(latest)}`;
  if (a.month !== b.month) return `${dayMonth(earliest)}${between}${dayMonthYear(latest)}`;
  return `${a.day}${between}${dayMonthYear(latest)}`;
}

/** The signing date in Swedish, as a web page or a report would print it: "21 december 2016", "veckan 27 februari–3 mars 2023", "våren 2025". */
export function signingText(signing: SigningDate): string {
  const { year, month } = parts(signing.earliest);
  switch (signing.precision) {
    case 'DAY':
      return dayMonthYear(signing.earliest);
    case 'WEEK':
      return `veckan ${dayRange(signing.earliest, signing.latest)}`;
    case 'MONTH':
      return `${MONTHS[month - 1]} ${year}`;
    case 'SEASON':
      return month === 12 ? `vintern ${year}/${year + 1}` : `${SEASONS[month]} ${year}`;
    case 'YEAR':
      return String(year);
    case 'RANGE':
      return `mellan ${dayRange(signing.earliest, signing.latest, ' och ')}`;
  }
}
