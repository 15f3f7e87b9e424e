import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from './database.js';

export interface ProcessSettings extends DatabaseConfig {
  port: number;
  host: string;
  opsPort: number;
  opsHost: string;
}

/**
 * The internal operations port (`/readyz`, `/metrics`) of a process serving on `port`: OPS_PORT,
 * else `port` + 1000 (the gateway's 4000 → 5000). OPS_HOST, default 127.0.0.1, is where it listens.
 */
export function opsPortFor(port: number, env: NodeJS.ProcessEnv = process.env): number {
  return env.OPS_PORT ? Number(env.OPS_PORT) : port + 1000;
}

/**
 * Settings of a subgraph process from its flags (`--port`, `--host`) and environment (PORT, HOST,
 * OPS_PORT, OPS_HOST, DATABASE_URL; without a database URL, the embedded database in DATA_DIR,
 * default `.data/<slug>`).
 */
export function processSettings(
  slug: string,
  defaultPort: number,
  flags: { port?: string | undefined; host?: string | undefined },
): ProcessSettings {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const port = Number(flags.port ?? process.env.PORT ?? defaultPort);
  return {
    databaseUrl,
    dataDir: databaseUrl ? undefined : (process.env.DATA_DIR ?? path.join('.data', slug)),
    port,
    host: flags.host ?? process.env.HOST ?? '127.0.0.1',
    // A process on any free port (0) takes any free operations port too.
    opsPort: port === 0 ? 0 : opsPortFor(port),
    opsHost: process.env.OPS_HOST ?? '127.0.0.1',
  };
}

/** Parses the flags every subgraph process takes, plus any of its own. */
export function parseProcessFlags<Extra extends Record<string, { type: 'string' | 'boolean' }>>(extra: Extra) {
  return parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, ...extra } }).values as {
    port?: string;
    host?: string;
  } & { [Key in keyof Extra]?: Extra[Key]['type'] extends 'string' ? string : boolean };
}

/** Logs where the process serves and from which database. */
export function announceReady(name: string, url: string, settings: ProcessSettings): void {
  console.log(
    `${name} subgraph ready at ${url} (${settings.databaseUrl ? 'PostgreSQL' : `PGlite in ${settings.dataDir}`}; operations on port ${settings.opsPort})`,
  );
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
