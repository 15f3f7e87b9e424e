import type { Express, Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { badUserInput } from '../domain/errors.js';
import { CLIENT_ERROR_CODES, refusal } from '../server/http/error-bodies.js';
import { GRAPHQL_RESPONSE_JSON } from '../server/http/media-types.js';
import { cacheControl } from './cache-headers.js';
import { type CsvDelimiter, csvDocument } from './csv.js';
import {
  persistedQueryManifest,
  type ReportCatalogue,
  type ReportOperation,
  variableShape,
} from './report-catalogue.js';
import { type RowPlan, reportRows, rowPlan } from './report-rows.js';

/**
 * `GET /reports` (the catalogue, as an Apollo persisted query manifest) and
 * `GET /reports/<Operation>.csv|.json?<variable>=<value>`: a report as a table. The report is run
 * by id through the gateway's own GraphQL endpoint, like any request (planning, limits, partial
 * results, the caller's Authorization), so a plain GET needs no preflight: it can only run a
 * trusted, read-only document. A party that could not be reached has its rows missing, and the
 * export says so: the `Report-Missing` header, a trailer line in CSV, `missing` in JSON.
 */
interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface MissingPart {
  serviceName: string;
  /** The kommun's name or the police area's. */
  party: string;
  kommunCode: string | null;
  code: string;
  message: string;
}

export function serveReportExports(
  app: Express,
  catalogue: ReportCatalogue,
  apiSchema: () => GraphQLSchema | null,
): void {
  const plans = new WeakMap<GraphQLSchema, Map<string, RowPlan>>();
  const planFor = (report: ReportOperation): RowPlan | null => {
    const schema = apiSchema();
    if (!schema) return null;
    if (!plans.has(schema)) plans.set(schema, new Map());
    const bySchema = plans.get(schema)!;
    if (!bySchema.has(report.name)) bySchema.set(report.name, rowPlan(report, schema));
    return bySchema.get(report.name)!;
  };

  app.get('/reports', (_req, res) => {
    res.json(persistedQueryManifest(catalogue));
  });

  app.get('/reports/:file', async (req, res, next) => {
    try {
      const match = /^(\w+)\.(csv|json)$/.exec(req.params.file);
      const report = match && catalogue.byName.get(match[1]!);
      if (!match || !report) {
        res
          .status(404)
          .json(
            refusal(`No report ${req.params.file}; GET /reports lists them (<Operation>.csv or .json)`, 'NOT_FOUND'),
          );
        return;
      }
      const format = match[2] as 'csv' | 'json';
      let input: { variables: Record<string, unknown>; delimiter: CsvDelimiter };
      try {
        input = exportInput(report, req);
      } catch (error) {
        res.status(400).json({
          errors: [{ message: (error as Error).message, extensions: (error as { extensions?: unknown }).extensions }],
        });
        return;
      }
      const plan = planFor(report);
      if (!plan) {
        res.status(503).json(refusal('The gateway has not loaded its supergraph yet', 'SERVICE_UNAVAILABLE'));
        return;
      }
      const { status, answer: raw } = await runThroughGateway(req, report, input.variables);
      // An export is a file for people and tools: errors keep their message, path and codes, never stack traces.
      const answer = { ...raw, ...(raw.errors && { errors: raw.errors.map(withoutStacktrace) }) };
      const clientErrors = (answer.errors ?? []).filter(
        (e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code)) || e.extensions?.code === 'UNAUTHENTICATED',
      );
      if (status >= 400 || clientErrors.length > 0 || answer.data == null) {
        res.status(status >= 400 ? status : clientErrors.length > 0 ? 400 : 502).json({ errors: answer.errors ?? [] });
        return;
      }
      const rows = reportRows(plan, answer.data);
      const missing = missingParts(answer.errors ?? []);
      if (missing.length > 0) res.set('Report-Missing', missing.map((m) => m.serviceName).join(', '));
      res.set(
        'Cache-Control',
        cacheControl(req.headers.authorization !== undefined, (answer.errors ?? []).length === 0),
      );
      res.set('Vary', 'Authorization');
      if (format === 'json') {
        res.json({ report: report.name, columns: plan.columns, rows, missing, errors: answer.errors ?? [] });
        return;
      }
      const trailer = missing.map(
        (m) =>
          `# INCOMPLETE: the rows of ${m.party}${m.kommunCode ? ` (kommunkod ${m.kommunCode})` : ''} are missing: ${m.code}`,
      );
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="${report.name}.csv"`)
        .send(csvDocument(plan.columns, rows, trailer, input.delimiter));
    } catch (error) {
      next(error);
    }
  });
}

/** The operation's variables from the query string, typed as the operation declares them; anything else is the caller's mistake. */
function exportInput(
  report: ReportOperation,
  req: Request,
): { variables: Record<string, unknown>; delimiter: CsvDelimiter } {
  const params = new URL(req.originalUrl, 'http://report').searchParams;
  const declared = new Map(
    (report.operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, variableShape(v.type)]),
  );
  const variables: Record<string, unknown> = {};
  let delimiter: CsvDelimiter = ',';
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    if (name === 'delimiter') {
      if (values.length !== 1 || !['comma', 'semicolon'].includes(values[0]!))
        throw badUserInput('delimiter must be comma or semicolon', 'delimiter');
      delimiter = values[0] === 'semicolon' ? ';' : ',';
      continue;
    }
    const shape = declared.get(name);
    if (!shape)
      throw badUserInput(
        `${report.name} has no variable ${name}; it takes ${[...declared.keys()].join(', ') || 'none'}`,
        name,
      );
    const typed = (value: string) =>
      ['Int', 'Float'].includes(shape.named) && value.trim() !== '' && Number.isFinite(Number(value))
        ? Number(value)
        : shape.named === 'Boolean' && ['true', 'false'].includes(value)
          ? value === 'true'
          : value;
    if (shape.list)
      variables[name] = values
        .flatMap((v) => v.split(','))
        .filter((v) => v !== '')
        .map(typed);
    else if (values.length > 1) throw badUserInput(`${name} is given more than once`, name);
    else variables[name] = typed(values[0]!);
  }
  return { variables, delimiter };
}

/** Posts the report by id to this gateway's own GraphQL endpoint, with the caller's token and request id. */
async function runThroughGateway(
  req: Request,
  report: ReportOperation,
  variables: Record<string, unknown>,
): Promise<{ status: number; answer: GraphQLAnswer }> {
  const address = req.socket.localAddress!.replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  const response = await fetch(`http://${host}:${req.socket.localPort}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: GRAPHQL_RESPONSE_JSON,
      'x-request-id': String(req.id),
      ...(req.headers.authorization && { authorization: req.headers.authorization }),
    },
    body: JSON.stringify({
      operationName: report.name,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: report.id } },
    }),
  });
  return { status: response.status, answer: (await response.json()) as GraphQLAnswer };
}

function withoutStacktrace(error: NonNullable<GraphQLAnswer['errors']>[number]) {
  const { stacktrace: _stacktrace, ...extensions } = error.extensions ?? {};
  return { ...error, extensions };
}

/** Each subgraph that failed, once, named as the gateway's subgraph data source names it. */
export function missingParts(errors: NonNullable<GraphQLAnswer['errors']>): MissingPart[] {
  const byService = new Map<string, MissingPart>();
  for (const error of errors) {
    const ext = error.extensions ?? {};
    const serviceName = typeof ext.serviceName === 'string' ? ext.serviceName : 'gateway';
    if (byService.has(serviceName)) continue;
    byService.set(serviceName, {
      serviceName,
      party: String(ext.kommun ?? ext.policeArea ?? serviceName),
      kommunCode: typeof ext.kommunCode === 'string' ? ext.kommunCode : null,
      code: String(ext.code ?? 'INTERNAL_SERVER_ERROR'),
      message: error.message,
    });
  }
  return [...byService.values()];
}
