import { GraphQLError, Kind } from 'graphql';
import type { SubgraphBuilder } from './builder.js';
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

/** Registers the scalars every subgraph shares (their definitions must agree for composition). */
export function addScalars<Context extends object>(builder: SubgraphBuilder<Context>): void {
  builder.scalarType('Date', {
    description: 'A calendar date (datum) in ISO 8601 form, YYYY-MM-DD, without time zone.',
    serialize: (value) => value,
    parseValue: (value) => parseIsoDate(value),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
      return parseIsoDate(ast.value);
    },
  });
  builder.scalarType('DateTime', {
    description: 'A point in time (tidpunkt), ISO 8601 with time zone, e.g. 2024-03-06T09:30:00.000Z.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
    parseValue: () => {
      throw badUserInput('DateTime is output only');
    },
  });
  builder.scalarType('JSON', {
    description: 'A JSON value, as stored (e.g. a record before and after a change in the audit log).',
    serialize: (value) => value,
    parseValue: () => {
      throw badUserInput('JSON is output only');
    },
  });
}

/** Today's date in Sweden (Europe/Stockholm), as YYYY-MM-DD. */
export function todayInSweden(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
