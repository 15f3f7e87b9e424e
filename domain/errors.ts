/**
 * Every error a client can act on is created here, with an `extensions.code` the client can
 * switch on and, where one input is to blame, the `field` that was wrong. The codes are listed
 * once, so production error masking (server/http/error-masking.ts) lets exactly these through.
 * They are plain errors carrying GraphQL's `extensions`: graphql-js keeps a thrown error's message
 * and extensions in the GraphQLError it reports, and schema/graphql-errors.ts converts one where
 * graphql-js would not (a scalar's parsing).
 */
export const HUB_ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'SERVICE_UNAVAILABLE',
  'TOO_MANY_REPRESENTATIONS',
  'GATEWAY_CREDENTIAL_REQUIRED',
  'TRUSTED_DOCUMENT_REQUIRED',
] as const;
type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

export class HubError extends Error {
  readonly extensions: { code: HubErrorCode } & Record<string, unknown>;
  constructor(code: HubErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HubError';
    this.extensions = { code, ...extensions };
  }
}

function hubError(code: HubErrorCode, message: string, extensions: Record<string, unknown> = {}): HubError {
  return new HubError(code, message, extensions);
}

export function badUserInput(message: string, field?: string): HubError {
  return hubError('BAD_USER_INPUT', message, field ? { field } : {});
}

export function notFound(message: string): HubError {
  return hubError('NOT_FOUND', message);
}

/** No or a bad token. `refuseRequest` answers HTTP 401 for the whole request (a bad token); a field asking for a token gets the error alone. */
export function unauthenticated(message: string, { refuseRequest = false } = {}): HubError {
  return hubError('UNAUTHENTICATED', message, refuseRequest ? { http: { status: 401 } } : {});
}

export function forbidden(message: string): HubError {
  return hubError('FORBIDDEN', message);
}

/** An update based on a stale version: nothing was changed; `currentVersion` is what to re-read. */
export function conflict(message: string, currentVersion: number): HubError {
  return hubError('CONFLICT', message, { currentVersion });
}

/** An `Idempotency-Key` sent again with another request while it is honoured: nothing was stored. */
export function idempotencyKeyReused(key: string, action: string, lifetime: string): HubError {
  return hubError(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key "${key}" was used for a ${action} with other arguments in the last ${lifetime}; nothing was stored, send a new key with a new request`,
  );
}

/** Another party this operation depends on could not be reached; nothing was stored. Safe to retry. */
export function dependencyUnavailable(message: string, service: string): HubError {
  return hubError('SERVICE_UNAVAILABLE', message, { retryable: true, service });
}

/** The process is stopping and takes no more writes; nothing was stored. Safe to retry (with the process back, or another). */
export function stopping(message: string): HubError {
  return hubError('SERVICE_UNAVAILABLE', message, { retryable: true, http: { status: 503 } });
}

/** More entity representations in one `_entities` request than a subgraph answers at once. */
export function tooManyRepresentations(count: number, max: number): HubError {
  return hubError(
    'TOO_MANY_REPRESENTATIONS',
    `_entities takes at most ${max} representations per request (got ${count})`,
    {
      max,
      http: { status: 400 },
    },
  );
}

/** A subgraph called without the gateway's signature for what only the gateway may ask (`_service`, `_entities`, or in production anything). */
export function gatewaySignatureRequired(message: string): HubError {
  return hubError('GATEWAY_CREDENTIAL_REQUIRED', `${message}: the request carries no valid gateway signature`, {
    http: { status: 403 },
  });
}

/** A free-form operation where only trusted documents (the report operations, sent by id) are accepted. */
export function trustedDocumentRequired(message: string): HubError {
  return hubError('TRUSTED_DOCUMENT_REQUIRED', message, { http: { status: 403 } });
}
