import { GraphQLError } from 'graphql';

/**
 * Every error a client can act on is created here, with an `extensions.code` the client can
 * switch on and, where one input is to blame, the `field` that was wrong.
 */
export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field && { field }) } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}
