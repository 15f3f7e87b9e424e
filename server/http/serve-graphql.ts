import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { HubError } from '../../domain/errors.js';
import { idempotencyKey } from '../../domain/validation.js';
import { tracingEnabled } from '../tracing.js';
import { clientErrorsAre400, refusedRequestBodies } from './error-bodies.js';
import { databaseConnectionFailureIsRetryable, maskUnexpectedErrors } from './error-masking.js';
import { type Readiness, serveLiveness, serveReadiness } from './health.js';
import { refuseForbiddenCharacters } from './input-characters.js';
import { armorFor, limitsFromEnv, type ServerLimits } from './limits.js';
import { legacyJsonIsAlways200, negotiateMediaType } from './media-types.js';
import { serveMetrics } from './metrics.js';
import { createLogger, requestLog } from './request-log.js';
import { type RequestSpanOptions, requestSpans } from './request-spans.js';

/**
 * The one HTTP front every process of the hub (each subgraph and the gateway) is served through,
 * assembled from one module per concern: request ids and JSON logs (`request-log.ts`), `/healthz`
 * and `/readyz` (`health.ts`), `/metrics` (`metrics.ts`), body size and query limits
 * (`limits.ts`), error bodies (`error-bodies.ts`), strings no field accepts (`input-characters.ts`),
 * production defaults with error masking (`error-masking.ts`), and a graceful stop that lets
 * in-flight requests finish.
 */

export interface RequestInfo {
  /** The caller's `Authorization` header, if any. */
  authorization: string | undefined;
  /** `x-request-id` of the request (the caller's, or a new one), also in every log line of it. */
  requestId: string;
  /** The caller's `Idempotency-Key` header, if any (checked already): it makes the request's creates safe to retry. */
  idempotencyKey: string | undefined;
}

export interface ServeOptions<Context extends BaseContext> {
  /** Names the process in its logs, e.g. `umea` or `gateway`. */
  name: string;
  /** The schema (a subgraph) or gateway (the gateway) to serve, and any plugins of its own. */
  apollo: Pick<ApolloServerOptions<Context>, 'schema' | 'gateway'> & {
    plugins?: ApolloServerPlugin<Context>[] | undefined;
  };
  context: (request: RequestInfo) => Promise<Context>;
  /** What `/readyz` reports; 503 when not ready. */
  readiness: () => Promise<Readiness>;
  port?: number | undefined;
  host?: string | undefined;
  /**
   * Where `/readyz` and `/metrics` answer, apart from the public port (which answers `/healthz`
   * only): a port (0: any free one) on `opsHost` (default 127.0.0.1), for probes and Prometheus.
   */
  opsPort?: number | undefined;
  opsHost?: string | undefined;
  limits?: ServerLimits | undefined;
  logger?: Logger | undefined;
  /** Counters of the process's own, added to `/metrics` (e.g. `sql_statements_total`). */
  metrics?: (() => Record<string, number>) | undefined;
  /** Routes of the process's own, answered before GraphQL (the gateway's report exports and web pages). */
  routes?: ((app: express.Express) => void) | undefined;
  /** The server span of each GraphQL request, when tracing is on (default: a new trace per request, no attributes). */
  spans?: RequestSpanOptions | undefined;
}

export interface RunningServer {
  url: string;
  /** Base URL of the internal operations port: `/healthz`, `/readyz`, `/metrics`. */
  opsUrl: string;
  logger: Logger;
  /** Stops accepting requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

/**
 * The request's context, made by `context`; a hub error while making it (a bad token) becomes the
 * request's GraphQL error with its code and message, which Apollo Server would otherwise prefix
 * with "Context creation failed".
 */
export function requestContext<Context>(
  context: (request: RequestInfo) => Promise<Context>,
): (request: RequestInfo) => Promise<Context> {
  return async (request) => {
    try {
      return await context(request);
    } catch (error) {
      if (error instanceof HubError)
        throw new GraphQLError(error.message, { extensions: error.extensions, originalError: error });
      throw error;
    }
  };
}

/** A bad `Idempotency-Key` is refused once, before GraphQL, with the same body at the gateway and at a subgraph. */
const refuseBadIdempotencyKey: express.RequestHandler = (req, res, next) => {
  try {
    idempotencyKey(req.get('idempotency-key'));
    next();
  } catch (error) {
    const { message, extensions } = error as HubError;
    res.status(400).json({ errors: [{ message, extensions }] });
  }
};

/**
 * Apollo Server's options for a process of the hub: every GraphQL-level concern (limits, error
 * bodies, forbidden characters, production masking), without the HTTP server. The subgraph test
 * layer executes a subgraph's schema in process with exactly these (tests/support/in-process-subgraph.ts).
 */
export function graphqlServerOptions<Context extends BaseContext>(
  options: Pick<ServeOptions<Context>, 'apollo'> & { limits: ServerLimits; logger: Logger },
): ApolloServerOptions<Context> {
  const { limits, logger } = options;
  const armor = armorFor(limits);
  return {
    ...(options.apollo as ApolloServerOptions<Context>),
    plugins: [
      // Traces are for Apollo's hosted studio, which this hub does not use.
      ApolloServerPluginInlineTraceDisabled(),
      ...(limits.production && !limits.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      clientErrorsAre400() as ApolloServerPlugin<Context>,
      refuseForbiddenCharacters() as ApolloServerPlugin<Context>,
      ...(limits.production ? [maskUnexpectedErrors(logger) as ApolloServerPlugin<Context>] : []),
      legacyJsonIsAlways200() as ApolloServerPlugin<Context>,
      ...(options.apollo.plugins ?? []),
    ],
    formatError: databaseConnectionFailureIsRetryable,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: !limits.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
  };
}

export async function serveGraphQL<Context extends BaseContext>(
  options: ServeOptions<Context>,
): Promise<RunningServer> {
  const limits = options.limits ?? limitsFromEnv();
  const logger = options.logger ?? createLogger(options.name);
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = graphqlServerOptions({ apollo: options.apollo, limits, logger });
  const answerContext = requestContext(options.context);
  const server = new ApolloServer<Context>({
    ...apollo,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ...(apollo.plugins ?? [])],
  });
  await server.start();

  app.disable('x-powered-by');
  app.use(requestLog(logger));
  serveLiveness(app);
  const opsApp = express();
  opsApp.disable('x-powered-by');
  serveLiveness(opsApp);
  serveReadiness(opsApp, options.readiness);
  const countGraphQLRequest = serveMetrics(opsApp, options.metrics);
  const opsServer = http.createServer(opsApp);
  options.routes?.(app);
  app.use(
    ['/graphql', '/'],
    countGraphQLRequest,
    refuseBadIdempotencyKey,
    negotiateMediaType(),
    express.json({ limit: limits.maxBodyBytes }),
    ...(tracingEnabled() ? [requestSpans(options.spans ?? { attributes: {}, continueIncomingTrace: false })] : []),
    expressMiddleware(server, {
      context: async ({ req }) =>
        answerContext({
          authorization: req.headers.authorization,
          requestId: String(req.id),
          idempotencyKey: req.get('idempotency-key'),
        }),
    }),
  );
  app.use(refusedRequestBodies(limits.maxBodyBytes));

  await listen(opsServer, options.opsPort ?? 0, options.opsHost ?? '127.0.0.1');
  await listen(httpServer, options.port ?? 0, options.host ?? '127.0.0.1').catch(async (error: unknown) => {
    opsServer.close();
    throw error;
  });
  return {
    url: `${baseUrl(httpServer, options.host)}/graphql`,
    opsUrl: baseUrl(opsServer, options.opsHost),
    logger,
    stop: async () => {
      await server.stop();
      await new Promise((resolve) => opsServer.close(resolve));
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function baseUrl(server: http.Server, listenHost: string | undefined): string {
  const { port } = server.address() as AddressInfo;
  const host = listenHost && listenHost !== '0.0.0.0' && listenHost !== '::' ? listenHost : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
