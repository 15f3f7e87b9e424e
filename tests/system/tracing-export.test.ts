import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findKommun } from '../../domain/region.js';
import { launchProcess, type RunningProcess } from '../../scripts/processes.js';
import { startTracingFromEnv, tracingEnabled } from '../../server/tracing.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postGraphQL } from '../support/graphql.js';

// A kommun subgraph started as its own process, told by the standard OTEL_* variables to export
// over OTLP/HTTP to a receiver this test runs. The export is protobuf; the checks look for the
// trace id's 16 bytes and the names in it, which protobuf keeps as plain UTF-8.

interface Export {
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

const kommun = findKommun('umea');
const exports: Export[] = [];
let receiver: http.Server;
let database: TestDatabase;
let subgraph: RunningProcess | undefined;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  database = await createTestDatabase('tracing-export');
});

afterAll(async () => {
  await subgraph?.stop();
  await database?.drop();
  await new Promise((resolve) => receiver.close(resolve));
});

it('a subgraph process with OTEL_TRACES_EXPORTER=otlp exports its spans, in the caller’s trace, to OTEL_EXPORTER_OTLP_ENDPOINT', {
  timeout: 300_000,
}, async () => {
  let url: string | undefined;
  subgraph = launchProcess({
    label: 'umea',
    script: 'subgraphs/kommun/main.ts',
    args: ['--kommun', kommun.slug],
    env: {
      PORT: '0',
      DATABASE_URL: database.databaseUrl ?? '',
      DATA_DIR: database.dataDir ?? '',
      LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    },
    onLine: (line) => {
      url ??= /ready at (\S+)/.exec(line)?.[1];
    },
  });
  await Promise.race([
    subgraph.ready,
    sleep(240_000, null, { ref: false }).then(() =>
      Promise.reject(new Error('the subgraph was not ready within 240 s')),
    ),
  ]);

  const traceId = randomBytes(16).toString('hex');
  const { data, errors } = await postGraphQL(url!, `{ umea { code promises { id } } }`, undefined, {
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
  });
  expect(errors).toBeUndefined();
  expect(data!.umea.code).toBe(kommun.code);
  expect(data!.umea.promises.length).toBeGreaterThan(0);

  // SIGTERM stops the server and then the tracer provider, which exports what it holds.
  await subgraph.stop();
  expect(await subgraph.exited).toBe(0);

  expect(exports.length).toBeGreaterThan(0);
  for (const one of exports) {
    expect(one.path).toBe('/v1/traces');
    expect(one.contentType).toBe('application/x-protobuf');
  }
  const body = Buffer.concat(exports.map((one) => one.body));
  expect(body.includes(Buffer.from(traceId, 'hex'))).toBe(true);
  for (const text of [
    'loftesnavet-umea', // service.name
    'POST /graphql', // the server span
    'loftesnavet.kommun.code',
    kommun.code,
    'db.query.text', // a SQL statement's span
  ]) {
    expect(body.includes(Buffer.from(text)), text).toBe(true);
  }
});

it('tracing stays off without an exporter, and a setting the hub cannot honour stops the process at start', async () => {
  for (const env of [
    {},
    { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
    { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' },
    { OTEL_SERVICE_NAME: 'loftesnavet-umea', OTEL_TRACES_SAMPLER: 'always_on' },
  ]) {
    expect(await startTracingFromEnv('loftesnavet-test', env)).toBeNull();
  }
  await expect(startTracingFromEnv('loftesnavet-test', { OTEL_TRACES_EXPORTER: 'zipkin' })).rejects.toThrow(
    'OTEL_TRACES_EXPORTER=zipkin is not supported',
  );
  await expect(
    startTracingFromEnv('loftesnavet-test', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
  ).rejects.toThrow('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported');
  await expect(
    startTracingFromEnv('loftesnavet-test', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' }),
  ).rejects.toThrow('OTEL_TRACES_SAMPLER=sometimes is not supported');
  expect(tracingEnabled()).toBe(false);
});
