import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { type DestinationStream, type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { CHANGE_STREAM_PATH } from '../change-stream.js';
import { traceIdsOfActiveSpan, tracingEnabled } from '../tracing.js';

/** An `x-request-id` a caller may choose; anything else is replaced by a new id. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Where credentials can appear in a log line; pino replaces them before the line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // Sign-in redirects carry state and nonce (to the provider) or a code (back).
  'res.headers.location',
  '*.authorization',
];

/** The sign-in callback's query holds a one-time authorization code and its state: logged without them. */
function withoutSignInSecrets(req: { url?: string; query?: unknown }): object {
  if (!req.url?.startsWith('/auth/callback')) return req;
  return { ...req, url: '/auth/callback', query: '[redacted]' };
}

/**
 * The process's JSON logger (pino), named after the process, with credentials redacted from every
 * line; silent under Vitest unless LOG_LEVEL (or `level`) says otherwise. With tracing on, every
 * line written inside a span carries its `trace_id` and `span_id`.
 */
export function createLogger(
  name: string,
  { level, destination }: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const options = {
    name,
    level: level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(tracingEnabled() && { mixin: traceIdsOfActiveSpan }),
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * One log line per request, with its request id: the caller's `x-request-id` when it is a sane one,
 * else a new one. The id is sent back in the response and is `req.id` for the rest of the request.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    serializers: { req: withoutSignInSecrets },
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      // GraphQL plugins read the id from the request (error masking names it to the client).
      req.headers['x-request-id'] = id;
      return id;
    },
    // A gateway's change stream (change-stream.ts) confirms every second; its lines would drown the rest.
    autoLogging: {
      ignore: (req) =>
        req.url === '/healthz' || req.url === '/readyz' || req.url?.startsWith(CHANGE_STREAM_PATH) === true,
    },
  });
}
