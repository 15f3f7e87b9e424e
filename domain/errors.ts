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

/** No or a bad token. `refuseRequest` answers HTTP 401 for the whole request (a bad token); a field asking for a token gets the error alone. */
export function unauthenticated(message: string, { refuseRequest = false } = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', ...(refuseRequest && { http: { status: 401 } }) },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** An update based on a stale version: nothing was changed; `currentVersion` is what to re-read. */
export function conflict(message: string, currentVersion: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', currentVersion } });
}

/** Another party this operation depends on could not be reached; nothing was stored. Safe to retry. */
export function dependencyUnavailable(message: string, service: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, service } });
}

/** More entity representations in one `_entities` request than a subgraph answers at once. */
export function tooManyRepresentations(count: number, max: number): GraphQLError {
  return new GraphQLError(`_entities takes at most ${max} representations per request (got ${count})`, {
    extensions: { code: 'TOO_MANY_REPRESENTATIONS', max, http: { status: 400 } },
  });
}

/** A subgraph called without the gateway's signature for what only the gateway may ask (`_service`, `_entities`, or in production anything). */
export function gatewaySignatureRequired(message: string): GraphQLError {
  return new GraphQLError(`${message}: the request carries no valid gateway signature`, {
    extensions: { code: 'GATEWAY_CREDENTIAL_REQUIRED', http: { status: 403 } },
  });
}

/** A free-form operation where only trusted documents (the report operations, sent by id) are accepted. */
export function trustedDocumentRequired(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 403 } } });
}
