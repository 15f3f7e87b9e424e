import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { region, subgraphName, subgraphUrlVariable } from '../../domain/region.js';
import { launchProcess, type RunningProcess } from '../../scripts/processes.js';
import { projectRoot } from '../../server/project-root.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postGraphQL } from '../support/graphql.js';

// Production runs what `npm run build` compiles, with plain Node. This compiles the same
// tsconfig.build.json into a folder of its own inside the project (so the compiled code finds
// package.json and node_modules as dist/ does) and runs from it, in production mode, two kommun
// subgraphs, the police subgraph and the gateway, each its own process on a fresh database. The
// other four kommuner point at a closed port, so the answer also shows how a missing kommun is named.
const startedKommuner = ['umea', 'vannas'];

/** A port nobody listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Each step has its own time limit, shorter in sum than the test's, so `finally` always stops the processes.
it('the compiled gateway and subgraphs run with plain Node and answer the regional query', {
  timeout: 300_000,
}, async () => {
  const buildDir = mkdtempSync(path.join(projectRoot, '.build-test-'));
  const processes: RunningProcess[] = [];
  const databases: TestDatabase[] = [];
  const output: string[] = [];

  /** Starts a compiled entry point on a free port; resolves with the URL it announces. */
  async function launch(
    label: string,
    entry: string,
    env: Record<string, string>,
    args: string[] = [],
  ): Promise<string> {
    let url: string | undefined;
    const part = launchProcess({
      label,
      script: path.join(path.relative(projectRoot, buildDir), entry),
      args,
      env: {
        NODE_ENV: 'production',
        AUTH_SECRET: 'compiled-build-test-secret',
        SUBGRAPH_SECRET: 'compiled-build-test-subgraph-secret',
        PORT: '0',
        LOG_LEVEL: 'warn',
        ...env,
      },
      onLine: (line) => {
        output.push(`[${label}] ${line}`);
        url ??= /ready at (\S+)/.exec(line)?.[1];
      },
    });
    processes.push(part);
    await Promise.race([
      part.ready,
      sleep(50_000, null, { ref: false }).then(() => Promise.reject(new Error(`${label} was not ready within 50 s`))),
    ]);
    return url!;
  }
  async function databaseEnv(label: string): Promise<Record<string, string>> {
    const database = await createTestDatabase(`compiled-${label}`);
    databases.push(database);
    return { DATABASE_URL: database.databaseUrl ?? '', DATA_DIR: database.dataDir ?? '' };
  }

  try {
    const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', buildDir], {
      cwd: projectRoot,
      timeout: 120_000,
    });

    // Every package.json script that runs `node dist/...` names a file the build produces.
    const { scripts } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const compiledEntries = Object.values(scripts).flatMap((script) => /^node dist\/(\S+)/.exec(script)?.[1] ?? []);
    expect(compiledEntries).toEqual(['gateway/main.js', 'subgraphs/kommun/main.js', 'subgraphs/police/main.js']);
    for (const entry of compiledEntries) expect(existsSync(path.join(buildDir, entry)), entry).toBe(true);

    const urls: Record<string, string> = {};
    for (const kommun of region.kommuner) urls[subgraphName(kommun)] = `http://127.0.0.1:${await closedPort()}/graphql`;
    await Promise.all(
      startedKommuner.map(async (slug) => {
        urls[slug] = await launch(slug, 'subgraphs/kommun/main.js', await databaseEnv(slug), ['--kommun', slug]);
      }),
    );
    const urlEnv = () =>
      Object.fromEntries(Object.entries(urls).map(([name, url]) => [subgraphUrlVariable(name), url]));
    // The police subgraph reads the kommun URLs too: it asks a kommun whether a commitment exists before recording an activity.
    urls[subgraphName(region.policeArea)] = await launch('police', 'subgraphs/police/main.js', {
      ...(await databaseEnv('police')),
      ...urlEnv(),
    });
    const gatewayUrl = await launch('gateway', 'gateway/main.js', urlEnv());

    const { data, errors } = await postGraphQL(
      gatewayUrl,
      '{ localPoliceArea(id: "umea") { name municipalities { code name promises { title } } } }',
    );
    expect(data).toEqual({
      localPoliceArea: {
        name: 'Lokalpolisområde Umeå',
        municipalities: [
          {
            code: '2480',
            name: 'Umeå',
            promises: [
              { title: 'Medborgarlöften för Umeå 2025–2027' },
              { title: 'Medborgarlöften för Umeå 2023–2024' },
              { title: 'Medborgarlöften för Umeå 2021–2022' },
              { title: 'Medborgarlöften för Umeå 2019–2020' },
            ],
          },
          { code: '2403', name: 'Bjurholm', promises: null },
          { code: '2401', name: 'Nordmaling', promises: null },
          { code: '2409', name: 'Robertsfors', promises: null },
          { code: '2404', name: 'Vindeln', promises: null },
          { code: '2460', name: 'Vännäs', promises: [{ title: 'Medborgarlöften för Vännäs 2023–2025' }] },
        ],
      },
    });
    const unavailable = (organisation: string, slug: string, code: string, name: string) => ({
      message: `${organisation}: subgraph "${slug}" could not be reached (ECONNREFUSED)`,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: slug, kommunCode: code, kommun: name },
    });
    // The kommuner's calls fail in whatever order the connections are refused.
    expect(errors?.sort((a, b) => a.message.localeCompare(b.message))).toEqual([
      unavailable('Bjurholms kommun', 'bjurholm', '2403', 'Bjurholm'),
      unavailable('Nordmalings kommun', 'nordmaling', '2401', 'Nordmaling'),
      unavailable('Robertsfors kommun', 'robertsfors', '2409', 'Robertsfors'),
      unavailable('Vindelns kommun', 'vindeln', '2404', 'Vindeln'),
    ]);
  } catch (error) {
    throw new Error(`${String(error)}\nOutput of the processes:\n${output.join('\n')}`, { cause: error });
  } finally {
    await Promise.all(processes.map((part) => part.stop()));
    await Promise.all(databases.map((database) => database.drop()));
    rmSync(buildDir, { recursive: true, force: true });
  }
});
