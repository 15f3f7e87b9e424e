import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import { CLIENT_ERROR_CODES } from './error-bodies.js';

/**
 * GraphQL over HTTP (graphql.github.io/graphql-over-http): the media type of a response decides
 * its status code.
 * - `application/graphql-response+json`: a request error (the document does not parse or
 *   validate, variables do not coerce) is a 4xx; Apollo Server answers 400.
 * - `application/json`, the legacy type: every well-formed request is answered 200, its errors in
 *   the body. Apollo Server 5 answers 400 here too, so `legacyJsonIsAlways200` changes that.
 * - neither acceptable (`Accept: text/csv`): Apollo Server answers 406.
 * Apollo Server prefers `application/json` when the caller accepts both, or sends `*\/*` or no
 * Accept. The hub prefers `application/graphql-response+json` there, as the spec allows since its
 * 2025 watershed, so only a caller that asks for the legacy type gets the legacy codes.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const LEGACY_JSON = 'application/json';

/** Narrows `Accept` to the one media type the response will have, for Apollo Server and for `legacyJsonIsAlways200`. */
export function negotiateMediaType(): RequestHandler {
  return (req, _res, next) => {
    // text/html is in the list so that a browser still gets the landing page on GET.
    const chosen = req.accepts([GRAPHQL_RESPONSE_JSON, LEGACY_JSON, 'text/html']);
    if (chosen === GRAPHQL_RESPONSE_JSON || chosen === LEGACY_JSON) req.headers.accept = chosen;
    next();
  };
}

/** Answers a request error with 200 when the caller asked for `application/json` (see above). */
export function legacyJsonIsAlways200(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get('accept') !== LEGACY_JSON) return;
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const status = response.http.status ?? 200;
          const requestError =
            data === undefined &&
            errors?.length &&
            errors.every((e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code)));
          if (requestError && status >= 400 && status < 500) response.http.status = 200;
        },
      };
    },
  };
}
