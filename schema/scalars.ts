import { GraphQLError, Kind } from 'graphql';
import { parseIsoDate } from '../domain/dates.js';
import { badUserInput } from '../domain/errors.js';
import type { SubgraphBuilder } from './builder.js';
import { asGraphQLError } from './graphql-errors.js';

/** Registers the scalars every subgraph shares (their definitions must agree for composition). */
export function addScalars<Context extends object>(builder: SubgraphBuilder<Context>): void {
  builder.scalarType('Date', {
    description: 'A calendar date (datum) in ISO 8601 form, YYYY-MM-DD, without time zone.',
    serialize: (value) => value,
    parseValue: (value) => asGraphQLError(() => parseIsoDate(value)),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD');
      return asGraphQLError(() => parseIsoDate(ast.value));
    },
  });
  builder.scalarType('DateTime', {
    description: 'A point in time (tidpunkt), ISO 8601 with time zone, e.g. 2024-03-06T09:30:00.000Z.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
    parseValue: () =>
      asGraphQLError(() => {
        throw badUserInput('DateTime is output only');
      }),
  });
  builder.scalarType('JSON', {
    description: 'A JSON value, as stored (e.g. a record before and after a change in the audit log).',
    serialize: (value) => value,
    parseValue: () =>
      asGraphQLError(() => {
        throw badUserInput('JSON is output only');
      }),
  });
}
