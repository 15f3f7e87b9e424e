import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Attributes } from '@opentelemetry/api';
import type { Viewer } from '../domain/access.js';
import type { Kommun, PoliceArea } from '../domain/region.js';
import { SIGNATURE_EXTENSION, subgraphSignature } from '../server/subgraph-signature.js';
import { annotateActiveSpan, injectTraceContext, subgraphSpanAttributes } from '../server/tracing.js';
import type { SubgraphFetcher } from './subgraph-fetcher.js';

/** A subgraph's response as the gateway sees it (its package, @apollo/server-gateway-interface, comes only through @apollo/gateway). */
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface GatewayContext {
  /** The caller's `Authorization` header, forwarded unchanged to every subgraph. */
  authorization?: string | undefined;
  /** The request's id, sent on as `x-request-id` so subgraph logs can be matched with the gateway's. */
  requestId?: string | undefined;
  /** The caller's `Idempotency-Key`, forwarded unchanged: the owning subgraph keeps it with what it creates. */
  idempotencyKey?: string | undefined;
  /** Who is asking, as the gateway verified the token (the trusted-documents check needs it). */
  viewer?: Viewer | undefined;
  /** The subgraphs this request asked, for the response cache (the versions its entry depends on). */
  subgraphsAsked?: Set<string> | undefined;
}

/** Who owns a subgraph, as named in every error that subgraph causes. */
export type SubgraphOwner = { kind: 'kommun'; kommun: Kommun } | { kind: 'policeArea'; policeArea: PoliceArea };

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  owner: SubgraphOwner;
  fetcher: SubgraphFetcher;
  /** The deployment's secret that every subgraph request is signed with. */
  subgraphSecret: string;
}

/**
 * Calls one subgraph through the gateway's fetcher (which cuts slow calls off). Signs every
 * request as the gateway's (subgraph-signature.ts); forwards `Authorization` and
 * `Idempotency-Key` and nothing else of the caller's (plus the request id), and turns every
 * failure (refused connection, timeout, error status, GraphQL errors) into errors whose
 * extensions name the subgraph and the kommun it belongs to.
 * Stock Apollo Gateway leaves transport errors without `serviceName` and maps `_entities`
 * error paths onto the wrong list index, so such paths are dropped in favour of the kommun.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly owner: SubgraphOwner;
  private readonly subgraphName: string;
  private readonly subgraphSecret: string;
  /** Names the subgraph and its kommun on the gateway's fetch span. */
  private readonly spanAttributes: Attributes;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, fetcher: options.fetcher as never });
    this.owner = options.owner;
    this.subgraphName = options.name;
    this.subgraphSecret = options.subgraphSecret;
    this.spanAttributes = subgraphSpanAttributes(
      options.name,
      options.owner.kind === 'kommun' ? options.owner.kommun : undefined,
    );
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    request.extensions = {
      ...request.extensions,
      [SIGNATURE_EXTENSION]: subgraphSignature(this.subgraphSecret, request),
    };
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context.idempotencyKey) request.http?.headers.set('idempotency-key', context.idempotencyKey);
    annotateActiveSpan(this.spanAttributes);
    injectTraceContext(request.http?.headers);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    options.context.subgraphsAsked?.add(this.subgraphName);
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (error) {
      // A subgraph that answers with an error status (e.g. 401 for a bad token) explains why in its body.
      const refusal = graphQLResponseInBody(error);
      return refusal ? { ...refusal, errors: this.attributed(refusal.errors) } : { errors: [this.failure(error)] };
    }
    if (!response.errors) return response;
    return { ...response, errors: this.attributed(response.errors) };
  }

  private attributed(errors: GraphQLErrors) {
    return errors.map((error) => {
      const { path, ...rest } = error;
      const pointsIntoEntities = path?.[0] === '_entities';
      return {
        ...rest,
        ...(path && !pointsIntoEntities && { path }),
        extensions: { ...error.extensions, ...this.attribution() },
      };
    });
  }

  private failure(error: unknown) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const timedOut = /Timeout|Abort/.test(cause.name);
    const reason = timedOut ? 'did not answer in time' : `could not be reached (${describeCause(cause)})`;
    return {
      message: `${this.ownerName()}: subgraph "${this.subgraphName}" ${reason}`,
      extensions: { code: timedOut ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE', ...this.attribution() },
    };
  }

  private attribution() {
    return this.owner.kind === 'kommun'
      ? { serviceName: this.subgraphName, kommunCode: this.owner.kommun.code, kommun: this.owner.kommun.name }
      : { serviceName: this.subgraphName, policeArea: this.owner.policeArea.name };
  }

  private ownerName(): string {
    return this.owner.kind === 'kommun' ? this.owner.kommun.organisation : this.owner.policeArea.name;
  }
}

type GraphQLErrors = NonNullable<GatewayGraphQLResponse['errors']>;

function graphQLResponseInBody(error: unknown): (GatewayGraphQLResponse & { errors: GraphQLErrors }) | null {
  const body = (error as { extensions?: { response?: { body?: unknown } } }).extensions?.response?.body;
  if (typeof body !== 'object' || body === null) return null;
  const { data, errors } = body as GatewayGraphQLResponse;
  return Array.isArray(errors) && errors.length > 0 ? { ...(data !== undefined && { data }), errors } : null;
}

function describeCause(error: Error): string {
  const code = (error.cause as { code?: string } | undefined)?.code ?? (error as { code?: string }).code;
  return code ?? error.message;
}
