import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { RequestHandler } from 'express';
import { tracer } from '../tracing.js';

export interface RequestSpanOptions {
  /** Attributes of every request's span (a subgraph's name and kommun). */
  attributes: Attributes;
  /**
   * Continue the trace named by the request's `traceparent` (a subgraph, called by the gateway),
   * or start a new trace for every request (the gateway: a caller on the internet does not choose
   * the hub's trace ids or whether it is sampled).
   */
  continueIncomingTrace: boolean;
}

/**
 * A server span around each GraphQL request, active while it is handled, so that the gateway's
 * spans, the SQL statements' spans and the log lines of the request all belong to it. Placed
 * after the body is read: the body parser's callbacks would otherwise run outside the span.
 */
export function requestSpans({ attributes, continueIncomingTrace }: RequestSpanOptions): RequestHandler {
  return (req, res, next) => {
    const parent = continueIncomingTrace ? propagation.extract(ROOT_CONTEXT, req.headers) : ROOT_CONTEXT;
    const route = req.baseUrl || '/';
    const span = tracer().startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: req.method,
          [ATTR_HTTP_ROUTE]: route,
          [ATTR_URL_PATH]: req.originalUrl.split('?')[0],
          ...attributes,
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
