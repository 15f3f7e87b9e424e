import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { HUB_ERROR_CODES } from '../../domain/errors.js';
import { isDatabaseConnectionFailure } from '../database.js';

/**
 * Codes of errors whose messages are written for clients: the hub's own (domain/errors.ts), the
 * caller's GraphQL and HTTP mistakes, and the gateway's word on an unreachable kommun. Everything
 * else is unexpected.
 */
const CLIENT_FACING_CODES = new Set<string>([
  ...HUB_ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'INVALID_GRAPHQL',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PAYLOAD_TOO_LARGE',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
]);

/** Extensions that say which kommun or police area an error came from; they stay on a masked error. */
const ATTRIBUTION = ['serviceName', 'kommunCode', 'kommun', 'policeArea'] as const;

const isClientFacing = (error: Pick<GraphQLFormattedError, 'extensions'>) =>
  CLIENT_FACING_CODES.has(String(error.extensions?.code));

/**
 * Production error masking, as trusted routers do: errors with a client-facing code pass as they
 * are; any other becomes INTERNAL_SERVER_ERROR with the request id and no internal text, and the
 * whole error (with its cause and stack) is logged under that id.
 */
export function maskUnexpectedErrors(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const requestId = request.http?.headers.get('x-request-id') ?? undefined;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors.filter((e) => !isClientFacing(e)))
            logger.error({ requestId, err: fullError(error) }, 'unexpected error');
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => {
            if (isClientFacing(error)) return error;
            const attribution = Object.fromEntries(
              ATTRIBUTION.filter((key) => error.extensions?.[key] !== undefined).map((key) => [
                key,
                error.extensions![key],
              ]),
            );
            return {
              message: `Internal server error (request ${requestId})`,
              ...(error.path && { path: error.path }),
              extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, ...attribution },
            };
          });
        },
      };
    },
  };
}

function fullError(error: GraphQLError) {
  const cause = error.originalError ?? error;
  return {
    message: error.message,
    path: error.path,
    extensions: error.extensions,
    stack: cause.stack,
    cause: cause.message,
  };
}

/**
 * A statement that failed because the database could not be reached or cut the connection (the
 * pool drops that connection and opens another) is the database's fault, not the request's: it
 * says so with SERVICE_UNAVAILABLE and `retryable`, in development as in production, and keeps the
 * attribution the gateway adds.
 */
export function databaseConnectionFailureIsRetryable(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  if (!isDatabaseConnectionFailure(unwrapResolverError(error))) return formatted;
  const { code: _code, stacktrace: _stacktrace, ...rest } = formatted.extensions ?? {};
  return {
    message: 'The database could not be reached; nothing was changed. Try again',
    ...(formatted.path && { path: formatted.path }),
    extensions: { ...rest, code: 'SERVICE_UNAVAILABLE', retryable: true, service: 'database' },
  };
}
