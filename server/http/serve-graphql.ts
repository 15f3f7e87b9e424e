import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Logger } from 'pino';
import { clientErrorsAre400, refusedRequestBodies } from './error-bodies.js';
import { serveHealth, type Readiness } from './health.js';
import { armorFor, limitsFromEnv, type ServerLimits } from './limits.js';
import { serveMetrics } from './metrics.js';
import { createLogger, requestLog } from './request-log.js';

/**
 * The one HTTP front every process of the hub (each subgraph and the gateway) is served through,
 * assembled from one module per concern: request ids and JSON logs (`request-log.ts`), `/healthz`
 * and `/readyz` (`health.ts`), `/metrics` (`metrics.ts`), body size and query limits
 * (`limits.ts`), error bodies (`error-bodies.ts`), production defaults, and a graceful stop that
 * lets in-flight requests finish.
 */


export interface RequestInfo {
  /** The caller's `Authorization` header, if any. */
  authorization: string | undefined;
  /** `x-request-id` of the request (the caller's, or a new one), also in every log line of it. */
  requestId: string;
}

export interface ServeOptions<Context extends BaseContext> {
  /** Names the process in its logs, e.g. `umea` or `gateway`. */
  name: string;
  /** The schema (a subgraph) or gateway (the gateway) to serve, and any plugins of its own. */
  apollo: Pick<ApolloServerOptions<Context>, 'schema' | 'gateway'> & { plugins?: ApolloServerPlugin<Context>[] | undefined };
  context: (request: RequestInfo) => Promise<Context>;
  /** What `/readyz` reports; 503 when not ready. */
  readiness: () => Promise<Readiness>;
  port?: number | undefined;
  host?: string | undefined;
  limits?: ServerLimits | undefined;
  logger?: Logger | undefined;
  /** Counters of the process's own, added to `/metrics` (e.g. `sql_statements_total`). */
  metrics?: (() => Record<string, number>) | undefined;
  /** Routes answered before GraphQL, e.g. the gateway's web pages (`gateway/web-pages.ts`). */
  pages?: ((app: express.Express) => void) | undefined;
}

export interface RunningServer {
  url: string;
  logger: Logger;
  /** Stops accepting requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

export async function serveGraphQL<Context extends BaseContext>(options: ServeOptions<Context>): Promise<RunningServer> {
  const limits = options.limits ?? limitsFromEnv();
  const logger = options.logger ?? createLogger(options.name);
  const app = express();
  const httpServer = http.createServer(app);
  const armor = armorFor(limits);

  const server = new ApolloServer<Context>({
    ...(options.apollo as ApolloServerOptions<Context>),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Traces are for Apollo's hosted studio, which this hub does not use.
      ApolloServerPluginInlineTraceDisabled(),
      ...(limits.production && !limits.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      clientErrorsAre400() as ApolloServerPlugin<Context>,
      ...(options.apollo.plugins ?? []),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: !limits.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
  });
  await server.start();

  app.disable('x-powered-by');
  app.use(requestLog(logger));
  serveHealth(app, options.readiness);
  const countGraphQLRequest = serveMetrics(app, options.metrics);
  options.pages?.(app);
  app.use(
    ['/graphql', '/'],
    countGraphQLRequest,
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(server, {
      context: async ({ req }) => options.context({ authorization: req.headers.authorization, requestId: String(req.id) }),
    }),
  );
  app.use(refusedRequestBodies(limits.maxBodyBytes));

  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    logger,
    stop: () => server.stop(),
  };
}
