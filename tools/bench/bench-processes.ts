import type pg from 'pg';
import { launchProcess, type ProcessSpec, type RunningProcess } from '../../scripts/processes.js';
import { withPostgresClient } from '../../server/database.js';

/**
 * The bench's processes and throwaway databases. BENCH_DATABASE_URL: a PostgreSQL server where
 * databases may be created (default postgres://postgres@127.0.0.1:5432/postgres).
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const quiet = () => {};

const running: RunningProcess[] = [];

/** Starts a process quietly (warnings only) and waits until it is ready; `stopAll` stops it. */
export async function launch(spec: ProcessSpec): Promise<RunningProcess> {
  const part = launchProcess({ onLine: quiet, ...spec, env: { LOG_LEVEL: 'warn', ...spec.env } });
  running.push(part);
  await part.ready;
  return part;
}

export async function stopAll(parts: RunningProcess[] = [...running]): Promise<void> {
  await Promise.all(parts.map((p) => p.stop()));
  for (const p of parts) running.splice(running.indexOf(p), 1);
}

const withAdmin = <T>(use: (client: pg.Client) => Promise<T>) => withPostgresClient(adminUrl, use);

export interface BenchDatabases {
  nameOf: (slug: string) => string;
  urlOf: (slug: string) => string;
  /** A DATABASE_URL_TEMPLATE with `{slug}`. */
  template: string;
  drop: () => Promise<void>;
}

/** Throwaway PostgreSQL databases, one per subgraph, named after this run. */
export async function createDatabases(slugs: string[]): Promise<BenchDatabases> {
  const prefix = `loftesnavet_bench_${process.pid}_`;
  const nameOf = (slug: string) => `${prefix}${slug}`;
  await withAdmin(async (client) => {
    for (const slug of slugs) await client.query(`CREATE DATABASE "${nameOf(slug)}"`);
  });
  const urlOf = (slug: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${nameOf(slug)}`;
    return url.toString();
  };
  return {
    nameOf,
    urlOf,
    template: urlOf('SLUG').replace('SLUG', '{slug}'),
    drop: () =>
      withAdmin(async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          'select datname from pg_database where datname like $1',
          [`${prefix}%`],
        );
        for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }),
  };
}
