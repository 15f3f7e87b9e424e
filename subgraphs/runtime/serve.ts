import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLSchema } from 'graphql';

export interface ServeOptions<Context extends BaseContext> {
  schema: GraphQLSchema;
  /** Builds the per-request context, e.g. fresh DataLoaders, from the request's credentials. */
  context: (request: { authorization: string | undefined }) => Promise<Context>;
  port?: number | undefined;
  host?: string | undefined;
  plugins?: ApolloServerPlugin<Context>[] | undefined;
}

export interface RunningServer {
  url: string;
  /** Stops accepting requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

/** Serves a subgraph schema over HTTP (at any path; `url` names `/graphql`). */
export async function serveSubgraph<Context extends BaseContext>(options: ServeOptions<Context>): Promise<RunningServer> {
  const server = new ApolloServer<Context>({
    schema: options.schema,
    // Traces are for Apollo's hosted studio, which this hub does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port ?? 0, host: options.host ?? '127.0.0.1' },
    context: ({ req }) => options.context({ authorization: req.headers.authorization }),
  });
  return { url: new URL('graphql', url).toString(), stop: () => server.stop() };
}
