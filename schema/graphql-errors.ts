import { GraphQLError } from 'graphql';
import { HubError } from '../domain/errors.js';

/**
 * Runs a domain rule where graphql-js reports a thrown error by itself rather than through the
 * resolver's path (a scalar's parsing prefixes a plain error's message with "Expected type"): the
 * rule's HubError is given to graphql-js as the GraphQLError it stands for, code and message intact.
 */
export function asGraphQLError<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof HubError)
      throw new GraphQLError(error.message, { extensions: error.extensions, originalError: error });
    throw error;
  }
}
