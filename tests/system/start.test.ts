import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { region, subgraphUrlVariable } from '../../domain/region.js';
import { planHub } from '../../scripts/hub-plan.js';
import { launchProcess, type RunningProcess } from '../../scripts/processes.js';
import { projectRoot } from '../../server/project-root.js';
import { type GraphQLResponse, postGraphQL } from '../support/graphql.js';
import { bearer } from '../support/tokens.js';

// `npm start` as a newcomer runs it: the hub bundled by `npm run build:hub` (here into a folder of
// this test's own, so a parallel `npm run build` cannot remove it), every part as its own process
// on fresh databases of one embedded PostgreSQL server. A port offset keeps it clear of a hub
// already running on the default ports.
const PORT_OFFSET = 20_000 + (process.pid % 1000) * 10;
const bundle = `.build-test-hub-${process.pid}`;
beforeAll(() => {
  execFileSync('npm', ['run', 'build:hub', '--', `--outdir=${bundle}`], { cwd: projectRoot, stdio: 'ignore' });
});
afterAll(() => rmSync(path.join(projectRoot, bundle), { recursive: true, force: true }));
const regionalQuery =
  '{ localPoliceArea(id: "umea") { municipalities { code name promises { title commitments { policeActivities { kind } } } } } }';

interface StartedHub {
  process: RunningProcess;
  output: string[];
  gatewayUrl: string;
  /** The pid of each part's current process, from the supervisor's lines. */
  pids(): Map<string, number>;
}

async function startHub(env: Record<string, string>, portOffset: number): Promise<StartedHub> {
  const output: string[] = [];
  const hub = launchProcess({
    label: 'npm start',
    script: `${bundle}/scripts/start.js`,
    env: { PORT_OFFSET: String(portOffset), ...env },
    onLine: (line) => output.push(line),
    readyWhen: /^Ctrl-C stops everything\.$/,
  });
  await hub.ready.catch((error: Error) => {
    throw new Error(`${error.message}:\n${output.join('\n')}`);
  });
  return {
    process: hub,
    output,
    gatewayUrl: `http://localhost:${region.gatewayPort + portOffset}/graphql`,
    pids: () =>
      new Map(
        output.flatMap((line) => {
          const started = /^\[supervisor\]\s+(\S+) started \(pid (\d+)\)$/.exec(line);
          return started ? [[started[1]!, Number(started[2])] as const] : [];
        }),
      ),
  };
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > until) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('npm start runs the whole hub on fresh embedded databases and stops it cleanly on SIGTERM', {
  timeout: 180_000,
}, async () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'loftesnavet-start-'));
  let hub: StartedHub | undefined;
  try {
    hub = await startHub({ DATA_ROOT: dataRoot }, PORT_OFFSET);
    const gatewayUrl = `http://localhost:${region.gatewayPort + PORT_OFFSET}/graphql`;
    expect(hub.output.join('\n')).toContain(gatewayUrl);
    const { data, errors } = await postGraphQL(gatewayUrl, regionalQuery);
    expect(errors).toBeUndefined();
    const municipalities = data!.localPoliceArea.municipalities;
    expect(municipalities.map((m: any) => m.name)).toEqual(region.kommuner.map((k) => k.name));
    for (const municipality of municipalities) expect(municipality.promises.length).toBeGreaterThan(0);
  } finally {
    await hub?.process.stop();
    expect(await hub?.process.exited).toBe(0);
    rmSync(dataRoot, { recursive: true, force: true });
  }
  // Every part has stopped: nothing answers on the hub's ports any more.
  for (const party of [...region.kommuner, region.policeArea]) {
    await expect(fetch(`http://127.0.0.1:${party.port + PORT_OFFSET}/graphql`)).rejects.toThrow();
  }
});

it('supervises: a killed kommun process is started again while the others keep serving; only that kommun is missing meanwhile', {
  timeout: 240_000,
}, async () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'loftesnavet-supervised-'));
  const offset = PORT_OFFSET;
  let hub: StartedHub | undefined;
  try {
    hub = await startHub({ DATA_ROOT: dataRoot }, offset);
    const complete = await postGraphQL(hub.gatewayUrl, regionalQuery);
    expect(complete.errors).toBeUndefined();
    const before = hub.pids();
    expect([...before.keys()].sort()).toEqual(
      [...region.kommuner.map((k) => k.slug), region.policeArea.slug, 'gateway', 'inloggning'].sort(),
    );

    // Regional queries run throughout: before the kill, while Vännäs is down, and after its restart.
    const answers: GraphQLResponse[] = [];
    let querying = true;
    const queries = (async () => {
      while (querying) answers.push(await postGraphQL(hub!.gatewayUrl, regionalQuery));
    })();
    process.kill(before.get('vannas')!, 'SIGKILL');
    await eventually('the Vännäs process to end', async () => (isRunning(before.get('vannas')!) ? undefined : true));
    const restarted = await eventually('a new Vännäs process', async () => {
      const pid = hub!.pids().get('vannas');
      return pid !== before.get('vannas') ? pid : undefined;
    });
    await eventually('complete answers again', async () => {
      const latest = answers.at(-1);
      return latest && !latest.errors && answers.length > 1 ? true : undefined;
    });
    querying = false;
    await queries;

    // Every answer was complete, or complete but for Vännäs, which its errors name; some were partial.
    const expected = complete.data!.localPoliceArea.municipalities;
    const partial = answers.filter((response) => response.errors);
    expect(partial.length).toBeGreaterThan(0);
    for (const response of answers.filter((r) => !r.errors)) expect(response).toEqual(complete);
    for (const response of partial) {
      const got = response.data!.localPoliceArea.municipalities;
      for (const [i, municipality] of got.entries()) {
        if (municipality.code === '2460') expect(municipality.promises).toBeNull();
        else expect(municipality).toEqual(expected[i]);
      }
      for (const error of response.errors!)
        expect(error.extensions).toMatchObject({ serviceName: 'vannas', kommunCode: '2460' });
    }
    expect(await postGraphQL(hub.gatewayUrl, regionalQuery)).toEqual(complete);
    expect(hub.output).toContain(`[supervisor]   vannas exited (SIGKILL); starting it again in 1 s`);
    // Nothing else was restarted or stopped.
    for (const [label, pid] of before) {
      if (label !== 'vannas') {
        expect(hub.pids().get(label)).toBe(pid);
        expect(isRunning(pid)).toBe(true);
      }
    }
    expect(isRunning(restarted!)).toBe(true);
    expect(hub.process.child.exitCode).toBeNull();
  } finally {
    await hub?.process.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
});

describe('two hubs from one checkout', () => {
  it('get their own ports, data folders and subgraph URLs, the police included', () => {
    const plans = [0, 100].map((portOffset) => planHub({ region, projectRoot, portOffset, subgraphSecret: 's' }));
    expect(plans.map((plan) => plan.dataRoot)).toEqual([
      path.join(projectRoot, '.data'),
      path.join(projectRoot, '.data', 'port-offset-100'),
    ]);
    // Without a database server's URLs, each party's PGlite folder lies in its hub's data root.
    const folders = plans.map((plan) => plan.subgraphs.map((spec) => spec.env!.DATA_DIR!));
    expect(folders[0]).toEqual(
      [...region.kommuner, region.policeArea].map((p) => path.join(projectRoot, '.data', p.slug)),
    );
    expect(folders[1]).toEqual(
      [...region.kommuner, region.policeArea].map((p) => path.join(projectRoot, '.data', 'port-offset-100', p.slug)),
    );
    plans.forEach((plan, i) => {
      for (const spec of [...plan.subgraphs, plan.gateway]) {
        for (const party of [...region.kommuner, region.policeArea]) {
          expect(spec.env![subgraphUrlVariable(party.slug)], `${spec.label} in hub ${i}`).toBe(
            `http://localhost:${party.port + i * 100}/graphql`,
          );
        }
      }
    });
  });

  it('never share a database: a write to one is not in the other, and a second opener of a data folder is refused naming the holder', {
    timeout: 300_000,
  }, async () => {
    const offsets = [PORT_OFFSET, PORT_OFFSET + 10_000];
    const hubs: StartedHub[] = [];
    const dataRoots = offsets.map((offset) => path.join(projectRoot, '.data', `port-offset-${offset}`));
    try {
      // No DATA_ROOT: each hub picks its folders from its port offset alone.
      for (const offset of offsets) hubs.push(await startHub({ DATA_ROOT: '' }, offset));
      const [first, second] = hubs as [StartedHub, StartedHub];
      expect(first.output.join('\n')).toContain(dataRoots[0]);
      expect(second.output.join('\n')).toContain(dataRoots[1]);

      const created = await postGraphQL(
        first.gatewayUrl,
        'mutation ($input: CreatePromiseInput!) { umea { createPromise(input: $input) { id } } }',
        {
          input: {
            title: 'Bara i den första hubben',
            summary: 'Test.',
            period: { start: '2027-01-01', end: '2027-12-31' },
          },
        },
        await bearer('umea'),
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.umea.createPromise.id;
      const read = 'query ($id: ID!) { umea { promise(id: $id) { title } } }';
      const editor = await bearer('umea');
      expect((await postGraphQL(first.gatewayUrl, read, { id }, editor)).data).toEqual({
        umea: { promise: { title: 'Bara i den första hubben' } },
      });
      expect((await postGraphQL(second.gatewayUrl, read, { id }, editor)).data).toEqual({ umea: { promise: null } });

      // A third hub over the first hub's data fails at start, naming the holder; the first serves on.
      const lines: string[] = [];
      const intruder = launchProcess({
        label: 'intruder',
        script: `${bundle}/scripts/start.js`,
        env: { PORT_OFFSET: String(offsets[0]! + 20_000), DATA_ROOT: dataRoots[0]! },
        onLine: (line) => lines.push(line),
      });
      expect(await intruder.exited).not.toBe(0);
      expect(lines.join('\n')).toContain(
        `The data folder ${dataRoots[0]} is in use by process ${first.process.child.pid}`,
      );
      expect((await postGraphQL(first.gatewayUrl, read, { id }, editor)).data).toEqual({
        umea: { promise: { title: 'Bara i den första hubben' } },
      });
    } finally {
      await Promise.all(hubs.map((hub) => hub.process.stop()));
      for (const folder of dataRoots) rmSync(folder, { recursive: true, force: true });
    }
  });
});
