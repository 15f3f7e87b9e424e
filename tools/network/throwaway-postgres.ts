import { execFile, spawn } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/** The machine's PostgreSQL binaries (Debian's postgresql-15); POSTGRES_BIN names another folder. */
const postgresBin = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  /** `postgres://postgres@<address>:5432`, without a database. */
  serverUrl: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server for one run: initdb into a new folder inside `parentFolder` (default the
 * system's temporary folder), started as the `postgres` user through `launcher` (e.g. inside a
 * network namespace), listening on `address` with trust authentication for `trustedSubnet`
 * only; the folder is removed when it stops.
 */
export async function startThrowawayPostgres(options: {
  launcher: string[];
  address: string;
  trustedSubnet: string;
  parentFolder?: string;
}): Promise<ThrowawayPostgres> {
  const folder = mkdtempSync(path.join(options.parentFolder ?? tmpdir(), 'loftesnavet-postgres-'));
  const { uid, gid } = postgresUser();
  chownSync(folder, uid, gid);
  const dataDir = path.join(folder, 'data');
  // setpriv execs the program as postgres (no child of its own), so a signal to the process reaches PostgreSQL.
  const asPostgres = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
  try {
    await promisify(execFile)(asPostgres[0]!, [
      ...asPostgres.slice(1),
      path.join(postgresBin, 'initdb'),
      '--pgdata',
      dataDir,
      '--username',
      'postgres',
      '--auth',
      'trust',
      '--no-sync',
      '--encoding',
      'UTF8',
      '--locale',
      'C.UTF-8',
    ]);
    appendFileSync(path.join(dataDir, 'pg_hba.conf'), `host all postgres ${options.trustedSubnet} trust\n`);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  const [command, ...args] = [
    ...options.launcher,
    ...asPostgres,
    path.join(postgresBin, 'postgres'),
    '-D',
    dataDir,
    '-c',
    `listen_addresses=${options.address}`,
    '-c',
    `unix_socket_directories=${folder}`,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ];
  const server = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    for (const stream of [server.stdout, server.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (/database system is ready to accept connections/.test(line)) resolve();
      });
    }
    void exited.then(() => reject(new Error(`PostgreSQL exited before it was ready:\n${output.join('\n')}`)));
  }).catch((error: unknown) => {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  });

  return {
    serverUrl: `postgres://postgres@${options.address}:5432`,
    stop: async () => {
      // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is written that a throwaway needs.
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('There is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
