import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { region, subgraphName, subgraphUrlVariable, type Kommun } from '../schema/region.js';

/**
 * `npm start`: the whole hub on this machine. Starts the six kommun subgraphs, the police
 * subgraph and the gateway as separate processes, as they run in production, each kommun and
 * the police on its own embedded PGlite database under `.data/` (seeded on first start).
 * Ctrl-C or SIGTERM stops them all.
 * Environment: DATA_ROOT (default `.data`), PORT_OFFSET (added to every default port, to run a
 * second hub beside the first).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = path.resolve(process.env.DATA_ROOT ?? path.join(root, '.data'));
const portOffset = Number(process.env.PORT_OFFSET ?? 0);
const portOf = (party: { port: number }) => party.port + portOffset;
const localUrl = (port: number) => `http://localhost:${port}/graphql`;

interface Part {
  label: string;
  script: string;
  args: string[];
  env: Record<string, string>;
}

const subgraphParts: Part[] = [
  ...region.kommuner.map((kommun: Kommun) => ({
    label: kommun.slug,
    script: 'subgraphs/kommun/main.ts',
    args: ['--kommun', kommun.slug],
    env: { PORT: String(portOf(kommun)), DATA_DIR: path.join(dataRoot, kommun.slug) },
  })),
  {
    label: region.policeArea.slug,
    script: 'subgraphs/polis/main.ts',
    args: [],
    env: { PORT: String(portOf(region.policeArea)), DATA_DIR: path.join(dataRoot, region.policeArea.slug) },
  },
];
const gatewayPart: Part = {
  label: 'gateway',
  script: 'gateway/main.ts',
  args: [],
  env: {
    PORT: String(region.gatewayPort + portOffset),
    ...Object.fromEntries(
      [...region.kommuner, region.policeArea].map((party) => [subgraphUrlVariable(subgraphName(party)), localUrl(portOf(party))]),
    ),
  },
};

const children = new Set<ChildProcess>();
let stopping = false;

/** Starts one part; resolves when it prints that it is ready. */
function launch(part: Part): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', part.script, ...part.args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...part.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const prefix = `[${part.label}]`.padEnd(14);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        console.log(`${prefix}${line}`);
        if (/ready at/.test(line)) resolve();
      });
    }
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      const reason = `${part.label} exited (${signal ?? `code ${code}`})`;
      reject(new Error(reason));
      console.error(`${reason}; stopping the hub`);
      void stop(1);
    });
  });
}

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(exits);
  process.exit(exitCode);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

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

try {
  console.log('Starting the kommun and police subgraphs (the first start creates and seeds their databases)...');
  await Promise.all(subgraphParts.map(launch));
  await launch(gatewayPart);
  const gatewayUrl = localUrl(region.gatewayPort + portOffset);
  console.log(`
Löftesnavet is running.
  Gateway:   ${gatewayUrl}   (open it in a browser for Apollo Sandbox)
${[...region.kommuner, region.policeArea].map((p) => `  ${p.slug.padEnd(11)} ${localUrl(portOf(p))}`).join('\n')}

Try the regional query:
  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: sampleQuery.replace(/\s+/g, ' ') })}'

or paste into Sandbox:
${sampleQuery}

Ctrl-C stops everything.`);
} catch (error) {
  console.error(String(error));
  await stop(1);
}
