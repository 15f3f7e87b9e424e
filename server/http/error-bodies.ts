import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ErrorRequestHandler } from 'express';

/** A GraphQL-shaped error body for what is refused before GraphQL sees it. */
export function refusal(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Codes of errors that are the caller's fault; a response made only of them is a 400, never a 500. */
export const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'INVALID_GRAPHQL',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The gateway reports an unknown operation name as INVALID_GRAPHQL, which Apollo Server answers with HTTP 500. */
export function clientErrorsAre400(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const onlyClientErrors =
            errors?.length && data == null && errors.every((e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code)));
          if (onlyClientErrors && (response.http.status ?? 200) >= 500) response.http.status = 400;
        },
      };
    },
  };
}

/** Answers requests Express refused before GraphQL (too large, not JSON) with a GraphQL-shaped body and no internal text. */
export function refusedRequestBodies(maxBodyBytes: number): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const type = (error as { type?: string }).type;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const body =
      type === 'entity.too.large'
        ? refusal(`The request body is larger than ${maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE')
        : type === 'entity.parse.failed'
          ? refusal('The request body is not valid JSON', 'BAD_REQUEST')
          : refusal(
              status >= 500 ? 'Internal server error' : String((error as Error).message),
              status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
            );
    res.status(status).json(body);
  };
}
