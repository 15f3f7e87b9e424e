import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** An `x-request-id` a caller may choose; anything else is replaced by a new id. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The process's JSON logger (pino), named after the process; silent under Vitest unless LOG_LEVEL says otherwise. */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info') });
}

/**
 * One log line per request, with its request id: the caller's `x-request-id` when it is a sane one,
 * else a new one. The id is sent back in the response and is `req.id` for the rest of the request.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}
