import { createRequire } from 'node:module';
import { type Attributes, context, propagation, type Tracer, trace } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Kommun } from '../domain/region.js';

/**
 * Tracing with OpenTelemetry, set up once per process by its main (`startTracingFromEnv`) before
 * it serves anything. Off unless an exporter is configured by the standard variables; then the
 * API stays a no-op and nothing of the SDK is even loaded. Production code creates spans only
 * through `@opentelemetry/api` (`tracer()` below, and @apollo/gateway's own spans); what traces is
 * asked of `tracingEnabled()` once, when a server or database is made, not per request.
 */

/**
 * The API as CommonJS code loads it. `@opentelemetry/api` ships a CommonJS and an ES module build,
 * and each keeps its own proxy for tracers taken before a provider is registered; @apollo/gateway
 * (CommonJS) takes its tracer when it is loaded, so the provider is registered through its copy.
 * Contexts and propagators are global to both copies.
 */
const commonJsApi = createRequire(import.meta.url)('@opentelemetry/api') as typeof import('@opentelemetry/api');

let hubTracer: Tracer = trace.getTracer('loftesnavet');

/** The tracer of the hub's own spans (each request's server span, each SQL statement). */
export function tracer(): Tracer {
  return hubTracer;
}

/** Span attributes of the hub's own, where no semantic convention names the thing. */
export const SPAN_ATTRIBUTES = {
  subgraph: 'loftesnavet.subgraph',
  kommunCode: 'loftesnavet.kommun.code',
  kommunName: 'loftesnavet.kommun.name',
} as const;

export interface Tracing {
  /** Exports what is left and stops tracing; the API is a no-op again after. */
  shutdown(): Promise<void>;
}

let enabled = false;

/** Whether a tracer provider of the hub's is registered (decided at start, asked when servers and databases are made). */
export function tracingEnabled(): boolean {
  return enabled;
}

export interface TracingOptions {
  exporter: SpanExporter;
  /** `service.name`, unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** Batch spans before export (default), or hand each to the exporter as it ends (tests). */
  batch?: boolean | undefined;
  sampler?: Sampler | undefined;
}

/**
 * Registers a tracer provider exporting to `exporter`, W3C trace context propagation and an
 * AsyncLocalStorage context manager. The SDK is imported here, so a process with tracing off
 * never loads it.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (enabled) throw new Error('Tracing is started already in this process');
  const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, resources, sdk] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
  ]);
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': options.serviceName }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const processor =
    options.batch === false
      ? new sdk.SimpleSpanProcessor({ exporter: options.exporter })
      : new sdk.BatchSpanProcessor({ exporter: options.exporter });
  const provider = new sdk.TracerProvider({ resource, spanProcessors: [processor], sampler: options.sampler });
  commonJsApi.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  commonJsApi.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  commonJsApi.trace.setGlobalTracerProvider(provider);
  hubTracer = provider.getTracer('loftesnavet');
  enabled = true;
  return {
    shutdown: async () => {
      enabled = false;
      hubTracer = trace.getTracer('loftesnavet');
      await provider.shutdown();
      commonJsApi.trace.disable();
      commonJsApi.propagation.disable();
      commonJsApi.context.disable();
    },
  };
}

/**
 * Starts tracing as the standard OTEL_* variables say, or returns null (tracing off, the
 * default). On when OTEL_TRACES_EXPORTER names `otlp` or `console`, or when it is unset and an
 * OTLP endpoint is given (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
 * off with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. OTLP goes over HTTP with
 * protobuf, configured by the exporter's own OTEL_EXPORTER_OTLP_* variables (endpoint, headers,
 * timeout, compression). OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the process;
 * OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG choose the sampler (default parent-based
 * always on).
 */
export async function startTracingFromEnv(
  defaultServiceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | null> {
  const exporterName = tracesExporterName(env);
  if (exporterName === null) return null;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  if (exporterName === 'otlp' && protocol !== 'http/protobuf') {
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported; the hub exports OTLP as http/protobuf`);
  }
  const sdk = await import('@opentelemetry/sdk-trace');
  const exporter =
    exporterName === 'otlp'
      ? new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter()
      : new sdk.ConsoleSpanExporter();
  return startTracing({ exporter, serviceName: defaultServiceName, sampler: samplerFromEnv(env, sdk) });
}

function tracesExporterName(env: NodeJS.ProcessEnv): 'otlp' | 'console' | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (!named) return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : null;
  const names = named.split(',').map((name) => name.trim());
  if (names.includes('none')) return null;
  const unknown = names.filter((name) => name !== 'otlp' && name !== 'console');
  if (unknown.length > 0 || names.length > 1) {
    throw new Error(`OTEL_TRACES_EXPORTER=${named} is not supported; name one of otlp, console, none`);
  }
  return names[0] as 'otlp' | 'console';
}

type SdkTrace = typeof import('@opentelemetry/sdk-trace');

function samplerFromEnv(env: NodeJS.ProcessEnv, sdk: SdkTrace): Sampler | undefined {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (!name) return undefined;
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? 1);
  const samplers: Record<string, () => Sampler> = {
    always_on: () => new sdk.AlwaysOnSampler(),
    always_off: () => new sdk.AlwaysOffSampler(),
    traceidratio: () => new sdk.TraceIdRatioBasedSampler(ratio),
    parentbased_always_on: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    parentbased_always_off: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() }),
    parentbased_traceidratio: () => new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratio) }),
  };
  const sampler = samplers[name];
  if (!sampler)
    throw new Error(`OTEL_TRACES_SAMPLER=${name} is not supported; name one of ${Object.keys(samplers).join(', ')}`);
  return sampler();
}

/** What a subgraph's spans say about it: its name and, for a kommun's, the kommun. */
export function subgraphSpanAttributes(name: string, kommun: Pick<Kommun, 'code' | 'name'> | undefined): Attributes {
  return {
    [SPAN_ATTRIBUTES.subgraph]: name,
    ...(kommun && { [SPAN_ATTRIBUTES.kommunCode]: kommun.code, [SPAN_ATTRIBUTES.kommunName]: kommun.name }),
  };
}

/** Adds `attributes` to the active span (the gateway names the subgraph on its `gateway.fetch`). */
export function annotateActiveSpan(attributes: Attributes): void {
  if (enabled) trace.getActiveSpan()?.setAttributes(attributes);
}

/** Sends the active span's trace context along in `headers` (`traceparent`), so the server called continues the trace. */
export function injectTraceContext(headers: { set(name: string, value: string): void } | undefined): void {
  if (!enabled || !headers) return;
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** The active span's ids for a log line (the names of OpenTelemetry's log data model), or nothing. */
export function traceIdsOfActiveSpan(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
