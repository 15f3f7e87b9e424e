import path from 'node:path';
import { region, subgraphName, subgraphUrlVariable, type Kommun } from '../domain/region.js';
import { projectRoot } from '../server/project-root.js';
import { launchProcess, type ProcessSpec, type RunningProcess } from './processes.js';

/**
 * `npm start`: the whole hub on this machine. Starts the six kommun subgraphs, the police
 * subgraph and the gateway as separate processes, as they run in production, each kommun and
 * the police on its own embedded PGlite database under `.data/` (seeded on first start).
 * Ctrl-C or SIGTERM stops them all.
 * Environment: DATA_ROOT (default `.data`), PORT_OFFSET (added to every default port, to run a
 * second hub beside the first).
 */
const dataRoot = path.resolve(process.env.DATA_ROOT ?? path.join(projectRoot, '.data'));
const portOffset = Number(process.env.PORT_OFFSET ?? 0);
const portOf = (party: { port: number }) => party.port + portOffset;
const localUrl = (port: number) => `http://localhost:${port}/graphql`;

const subgraphSpecs: ProcessSpec[] = [
  ...region.kommuner.map((kommun: Kommun) => ({
    label: kommun.slug,
    script: 'subgraphs/kommun/main.ts',
    args: ['--kommun', kommun.slug],
    env: { DATABASE_URL: '', PORT: String(portOf(kommun)), DATA_DIR: path.join(dataRoot, kommun.slug) },
  })),
  {
    label: region.policeArea.slug,
    script: 'subgraphs/police/main.ts',
    env: { DATABASE_URL: '', PORT: String(portOf(region.policeArea)), DATA_DIR: path.join(dataRoot, region.policeArea.slug) },
  },
];
const parties = [...region.kommuner, region.policeArea];
const gatewaySpec: ProcessSpec = {
  label: 'gateway',
  script: 'gateway/main.ts',
  env: {
    PORT: String(region.gatewayPort + portOffset),
    ...Object.fromEntries(parties.map((party) => [subgraphUrlVariable(subgraphName(party)), localUrl(portOf(party))])),
  },
};

const running: RunningProcess[] = [];
let stopping = false;

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(running.map((part) => part.stop()));
  process.exit(exitCode);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

function launch(spec: ProcessSpec): Promise<void> {
  const part = launchProcess(spec);
  running.push(part);
  void part.exited.then((code) => {
    if (stopping) return;
    console.error(`${spec.label} exited (${code}); stopping the hub`);
    void stop(1);
  });
  return part.ready;
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

try {
  console.log('Starting the kommun and police subgraphs (the first start creates and seeds their databases)...');
  await Promise.all(subgraphSpecs.map(launch));
  await launch(gatewaySpec);
  const gatewayUrl = localUrl(region.gatewayPort + portOffset);
  console.log(`
Löftesnavet is running.
  Gateway:   ${gatewayUrl}   (open it in a browser for Apollo Sandbox)
${parties.map((p) => `  ${p.slug.padEnd(11)} ${localUrl(portOf(p))}`).join('\n')}

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
