import { readFileSync } from 'node:fs';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findKommun, region, subgraphName } from '../../domain/region.js';
import { type RunningGateway, startGateway } from '../../gateway/start-gateway.js';
import { createLogger } from '../../server/http/request-log.js';
import { supergraphFile } from '../../server/project-root.js';
import { SPAN_ATTRIBUTES, startTracing, type Tracing } from '../../server/tracing.js';
import { postGraphQL } from '../support/graphql.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { startTestKommunSubgraph, type TestKommunSubgraph } from '../support/kommun-subgraphs.js';
import { bearer } from '../support/tokens.js';

// One regional request through the real gateway over the seven real subgraphs, all in this
// process, sharing one tracer provider that hands every span to an in-memory exporter.

const regionalQuery = `{
  localPoliceArea(id: "umea") {
    name
    municipalities { code promises { title commitments { id policeActivities { kind date } } } }
  }
}`;

const policeName = subgraphName(region.policeArea);

async function sqlStatementsTotal(hub: TestHub, name: string): Promise<number> {
  const text = await (await fetch(`${hub.subgraphs.get(name)!.running!.opsUrl}/metrics`)).text();
  return Number(/^sql_statements_total (\d+)$/m.exec(text)![1]);
}

async function sqlStatementsBySubgraph(hub: TestHub): Promise<Map<string, number>> {
  const names = [...hub.subgraphs.keys()];
  return new Map(await Promise.all(names.map(async (name) => [name, await sqlStatementsTotal(hub, name)] as const)));
}

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

// With tracing off (the default) the gateway and a subgraph are built without any of it, before
// the provider below exists. One kommun is enough: a one-kommun query reaches only it.
describe('when tracing is off', () => {
  const kommun = findKommun('umea');
  const received: string[][] = [];
  const logs: Record<string, any>[] = [];
  const logger = (name: string) =>
    createLogger(name, { level: 'info', destination: { write: (line: string) => logs.push(JSON.parse(line)) } });
  let subgraph: TestKommunSubgraph;
  let gateway: RunningGateway;
  beforeAll(async () => {
    subgraph = await startTestKommunSubgraph(kommun, {
      logger: logger(kommun.slug),
      plugins: [{ requestDidStart: async ({ request }) => void received.push([...request.http!.headers.keys()]) }],
    });
    gateway = await startGateway({
      region,
      supergraphSdl: readFileSync(supergraphFile, 'utf8'),
      subgraphUrls: { [subgraphName(kommun)]: subgraph.url },
      logger: logger('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
  });

  it('sends no traceparent to the subgraph, logs no trace id, and spans are the API no-op', async () => {
    const { data, errors } = await postGraphQL(gateway.url, '{ umea { code promises { id } } }');
    expect(errors).toBeUndefined();
    expect(data!.umea.promises.length).toBeGreaterThan(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('x-request-id');
    expect(received[0]).not.toContain('traceparent');
    expect(logs.filter((line) => line.msg === 'request completed').map((line) => line.name)).toEqual([
      kommun.slug,
      'gateway',
    ]);
    for (const line of logs) expect(line).not.toHaveProperty('trace_id');
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });
});

describe('when tracing is on', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let hub: TestHub;
  beforeAll(async () => {
    tracing = await startTracing({ exporter, serviceName: 'loftesnavet-test', batch: false });
    hub = await startTestHub();
  }, 600_000);
  afterAll(async () => {
    await hub?.stop();
    await tracing?.shutdown();
  });

  it('one regional request is one trace: the gateway request, eight fetches, each continued by a subgraph server span with its SQL beneath', async () => {
    exporter.reset();
    hub.resetRequestCounts();
    const statementsBefore = await sqlStatementsBySubgraph(hub);
    const { data, errors } = await postGraphQL(hub.gateway.url, regionalQuery);
    expect(errors).toBeUndefined();
    expect(data!.localPoliceArea.municipalities).toHaveLength(6);

    // The gateway's server span ends when its response is closed, just after the client has it.
    const spans = await vi.waitFor(() => {
      const finished = exporter.getFinishedSpans();
      const root = finished.find((span) => span.kind === SpanKind.SERVER && !span.parentSpanContext);
      expect(root).toBeDefined();
      return finished;
    });
    const root = spans.find((span) => span.kind === SpanKind.SERVER && !span.parentSpanContext)!;
    const traceId = root.spanContext().traceId;
    const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
    // Nothing of the request landed in another trace (the /metrics reads above made no spans).
    expect(inTrace).toHaveLength(spans.length);
    expect(spans.filter((span) => !span.parentSpanContext)).toEqual([root]);
    expect(root.name).toBe('POST /graphql');

    const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
    const named = (name: string) => inTrace.filter((span) => span.name === name);
    const [request] = named('gateway.request');
    expect(named('gateway.request')).toHaveLength(1);
    expect(parentOf(request!)).toBe(root.spanContext().spanId);
    expect(named('gateway.plan').map(parentOf)).toEqual([request!.spanContext().spanId]);

    const fetches = named('gateway.fetch');
    expect(fetches).toHaveLength(8);
    expect(fetches.map((fetch) => fetch.attributes[SPAN_ATTRIBUTES.subgraph]).sort()).toEqual(
      [...region.kommuner.map(subgraphName), policeName, policeName].sort(),
    );
    for (const fetch of fetches) {
      // Every fetch hangs under the gateway's request (through its execute span).
      let ancestor = byId.get(parentOf(fetch)!);
      while (ancestor && ancestor !== request) ancestor = byId.get(parentOf(ancestor)!);
      expect(ancestor).toBe(request);
    }

    const subgraphSpans = inTrace.filter((span) => span.kind === SpanKind.SERVER && span !== root);
    expect(subgraphSpans).toHaveLength(8);
    for (const fetch of fetches) {
      const name = fetch.attributes[SPAN_ATTRIBUTES.subgraph] as string;
      const kommun = region.kommuner.find((candidate) => subgraphName(candidate) === name);
      const served = subgraphSpans.filter((span) => parentOf(span) === fetch.spanContext().spanId);
      expect(served).toHaveLength(1);
      expect(served[0]!.attributes).toMatchObject({
        [SPAN_ATTRIBUTES.subgraph]: name,
        'http.request.method': 'POST',
        'http.response.status_code': 200,
      });
      expect(fetch.attributes[SPAN_ATTRIBUTES.kommunCode]).toBe(kommun?.code);
      expect(served[0]!.attributes[SPAN_ATTRIBUTES.kommunCode]).toBe(kommun?.code);
      expect(served[0]!.attributes[SPAN_ATTRIBUTES.kommunName]).toBe(kommun?.name);
    }

    // Exactly the statements each subgraph counted, each a span directly under that subgraph's server span.
    const statementsAfter = await sqlStatementsBySubgraph(hub);
    const sqlSpans = inTrace.filter((span) => span.kind === SpanKind.CLIENT && span.attributes['db.system.name']);
    for (const [name, before] of statementsBefore) {
      const servers = new Set(
        subgraphSpans
          .filter((span) => span.attributes[SPAN_ATTRIBUTES.subgraph] === name)
          .map((span) => span.spanContext().spanId),
      );
      const own = sqlSpans.filter((span) => servers.has(parentOf(span)!));
      expect(own.length).toBeGreaterThan(0);
      expect(own).toHaveLength(statementsAfter.get(name)! - before);
    }
    expect(sqlSpans).toHaveLength(
      [...statementsAfter].reduce((sum, [name, after]) => sum + after - statementsBefore.get(name)!, 0),
    );
    for (const span of sqlSpans) {
      expect(span.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'db.system': 'postgresql' });
      expect(span.name.startsWith(String(span.attributes['db.operation.name']))).toBe(true);
    }
    // The police area's id reaches its database as a parameter, never as text of a span.
    const policeServers = new Set(
      subgraphSpans
        .filter((span) => span.attributes[SPAN_ATTRIBUTES.subgraph] === policeName)
        .map((s) => s.spanContext().spanId),
    );
    const areaStatement = sqlSpans.find(
      (span) =>
        policeServers.has(parentOf(span)!) && String(span.attributes['db.query.text']).includes('"local_police_area"'),
    );
    expect(areaStatement?.attributes['db.query.text']).toMatch(/\$1/);
    for (const span of sqlSpans) expect(String(span.attributes['db.query.text'])).not.toMatch(/'umea'/);

    // The request's log lines carry its trace id, at the gateway and at every subgraph.
    expect(hub.gatewayLogs.filter((line) => line.trace_id === traceId).length).toBeGreaterThan(0);
    for (const subgraph of hub.subgraphs.values()) {
      expect(subgraph.logs.filter((line) => line.trace_id === traceId).length).toBeGreaterThan(0);
    }
  });

  it('the gateway starts its own trace rather than continue a caller’s traceparent', async () => {
    exporter.reset();
    const callersTraceId = '0af7651916cd43dd8448eb211c80319c';
    const { errors } = await postGraphQL(hub.gateway.url, '{ umea { code } }', undefined, {
      traceparent: `00-${callersTraceId}-b7ad6b7169203331-01`,
    });
    expect(errors).toBeUndefined();
    const root = await vi.waitFor(() => {
      const found = exporter
        .getFinishedSpans()
        .find((span) => span.name === 'POST /graphql' && !span.parentSpanContext);
      expect(found).toBeDefined();
      return found!;
    });
    expect(root.spanContext().traceId).not.toBe(callersTraceId);
    expect(exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === callersTraceId)).toEqual([]);
  });

  it('the police subgraph’s commitment check at the owning kommun continues the write’s trace', async () => {
    exporter.reset();
    const { errors } = await postGraphQL(
      hub.gateway.url,
      'mutation { recordPoliceActivity(input: { commitmentId: "2480-ml-2023-c7", date: "2026-05-01", kind: MOPED_CONTROL, place: "Ersboda", description: "Kontroll" }) { id } }',
      undefined,
      await bearer(policeName),
    );
    expect(errors).toBeUndefined();
    const spans = await vi.waitFor(() => {
      const finished = exporter.getFinishedSpans();
      expect(finished.find((span) => span.kind === SpanKind.SERVER && !span.parentSpanContext)).toBeDefined();
      return finished;
    });
    const served = (name: string) =>
      spans.filter((span) => span.kind === SpanKind.SERVER && span.attributes[SPAN_ATTRIBUTES.subgraph] === name);
    const [police] = served(policeName);
    expect(served(policeName)).toHaveLength(1);
    const checks = served('umea');
    expect(checks).toHaveLength(1);
    expect(checks[0]!.spanContext().traceId).toBe(police!.spanContext().traceId);
    expect(parentOf(checks[0]!)).toBe(police!.spanContext().spanId);
  });
});
