import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type { AbortableOperationOptions, CompiledQuery, DatabaseConnection, Dialect, Driver } from 'kysely';
import { tracer } from './tracing.js';

/**
 * A span per SQL statement, made at the driver, so PostgreSQL (`pg`) and PGlite get the same
 * spans, and statements that fail are traced too. Only statements run inside a traced request get
 * one (migrations and seeding at start do not). The statement's text is Kysely's, with `$1`
 * placeholders: values are sent apart and never reach a span.
 */
export function tracedDialect(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => tracedDriver(dialect.createDriver()),
  };
}

const traced = new WeakSet<DatabaseConnection>();

function tracedDriver(driver: Driver): Driver {
  return new Proxy(driver, {
    get(target, property) {
      if (property === 'acquireConnection') {
        return async (...args: Parameters<Driver['acquireConnection']>) =>
          traceStatements(await target.acquireConnection(...args));
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps the connection's `executeQuery` once; the driver hands the same connection object out again and again. */
function traceStatements(connection: DatabaseConnection): DatabaseConnection {
  if (traced.has(connection)) return connection;
  traced.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = <R>(query: CompiledQuery, options?: AbortableOperationOptions) => {
    if (!trace.getActiveSpan()) return execute<R>(query, options);
    const { operation, summary } = describe(query);
    return tracer().startActiveSpan(
      summary,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          // The attribute's name before semantic conventions 1.30, which many trace viewers still group by.
          'db.system': DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          [ATTR_DB_OPERATION_NAME]: operation,
          [ATTR_DB_QUERY_SUMMARY]: summary,
          [ATTR_DB_QUERY_TEXT]: query.sql,
        },
      },
      async (span) => {
        try {
          return await execute<R>(query, options);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
  return connection;
}

/** The statement's operation and, where Kysely's SQL names it plainly, its first table: `SELECT citizen_promise`. */
function describe(query: CompiledQuery): { operation: string; summary: string } {
  const operation = (/^\s*(\w+)/.exec(query.sql)?.[1] ?? 'SQL').toUpperCase();
  const table = /\b(?:from|into|update)\s+"([^"]+)"/i.exec(query.sql)?.[1];
  return { operation, summary: table ? `${operation} ${table}` : operation };
}
