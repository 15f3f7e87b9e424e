import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type ErrorRequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { limitsFromEnv, type ServerLimits } from './limits.js';

/**
 * The one HTTP front every process of the hub (each subgraph and the gateway) is served through:
 * request ids and JSON logs, `/healthz`, `/readyz` and `/metrics` (Prometheus text), body size limit, query depth/alias/cost
 * limits, production defaults, and a graceful stop that lets in-flight requests finish.
 */

export interface RequestInfo {
  /** The caller's `Authorization` header, if any. */
  authorization: string | undefined;
  /** `x-request-id` of the request (the caller's, or a new one), also in every log line of it. */
  requestId: string;
}

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
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
}

export interface RunningServer {
  url: string;
  logger: Logger;
  /** Stops accepting requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info') });
}

/** Codes of errors that are the caller's fault; a response made only of them is a 400, never a 500. */
const CLIENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'INVALID_GRAPHQL', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/** The gateway reports an unknown operation name as INVALID_GRAPHQL, which Apollo Server answers with HTTP 500. */
function clientErrorsAre400(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const onlyClientErrors = errors?.length && data == null && errors.every((e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code)));
          if (onlyClientErrors && (response.http.status ?? 200) >= 500) response.http.status = 400;
        },
      };
    },
  };
}

/** A GraphQL-shaped error body for what is refused before GraphQL sees it. */
function refusal(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export async function serveGraphQL<Context extends BaseContext>(options: ServeOptions<Context>): Promise<RunningServer> {
  const limits = options.limits ?? limitsFromEnv();
  const logger = options.logger ?? createLogger(options.name);
  const app = express();
  const httpServer = http.createServer(app);
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    // Tokens are limited by graphql-js's own parser option instead (a 400, where Armor's check gives a 500).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    blockFieldSuggestion: { enabled: limits.production },
  }).protect();

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
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let graphqlRequests = 0;
  app.get('/metrics', (_req, res) => {
    const cpu = process.cpuUsage();
    const counters: Record<string, number> = {
      graphql_requests_total: graphqlRequests,
      process_cpu_seconds_total: (cpu.user + cpu.system) / 1e6,
      process_resident_memory_bytes: process.memoryUsage().rss,
      ...options.metrics?.(),
    };
    res.type('text/plain; version=0.0.4').send(
      Object.entries(counters)
        .map(([name, value]) => `# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n${name} ${value}`)
        .join('\n') + '\n',
    );
  });
  app.get('/readyz', async (_req, res) => {
    const report = await options.readiness().catch((error: unknown) => ({ ready: false, error: String(error) }));
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.use(
    ['/graphql', '/'],
    (_req, _res, next) => {
      graphqlRequests += 1;
      next();
    },
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(server, {
      context: async ({ req }) => options.context({ authorization: req.headers.authorization, requestId: String(req.id) }),
    }),
  );
  const onBadRequest: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const type = (error as { type?: string }).type;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const body =
      type === 'entity.too.large'
        ? refusal(`The request body is larger than ${limits.maxBodyBytes} bytes`, 'PAYLOAD_TOO_LARGE')
        : type === 'entity.parse.failed'
          ? refusal('The request body is not valid JSON', 'BAD_REQUEST')
          : refusal(status >= 500 ? 'Internal server error' : String((error as Error).message), status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
    res.status(status).json(body);
  };
  app.use(onBadRequest);

  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    logger,
    stop: () => server.stop(),
  };
}
