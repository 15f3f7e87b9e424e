import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { region } from '../domain/region.js';
import { launchProcess } from '../scripts/processes.js';
import { postGraphQL } from './support/graphql.js';

// `npm start` as a newcomer runs it: every part as its own process on fresh embedded databases.
// A port offset keeps it clear of a hub already running on the default ports.
const PORT_OFFSET = 20_000 + (process.pid % 1000) * 10;

it('npm start runs the whole hub on fresh embedded databases and stops it cleanly on SIGTERM', { timeout: 180_000 }, async () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'loftesnavet-start-'));
  const output: string[] = [];
  const hub = launchProcess({
    label: 'npm start',
    script: 'scripts/start.ts',
    env: { DATA_ROOT: dataRoot, PORT_OFFSET: String(PORT_OFFSET) },
    onLine: (line) => output.push(line),
    readyWhen: /^Ctrl-C stops everything\.$/,
  });
  try {
    await hub.ready.catch((error: Error) => {
      throw new Error(`${error.message}:\n${output.join('\n')}`);
    });

    const gatewayUrl = `http://localhost:${region.gatewayPort + PORT_OFFSET}/graphql`;
    expect(output.join('\n')).toContain(gatewayUrl);
    const { data, errors } = await postGraphQL(
      gatewayUrl,
      '{ localPoliceArea(id: "umea") { municipalities { name promises { title commitments { policeActivities { kind } } } } } }',
    );
    expect(errors).toBeUndefined();
    const municipalities = data!.localPoliceArea.municipalities;
    expect(municipalities.map((m: any) => m.name)).toEqual(region.kommuner.map((k) => k.name));
    for (const municipality of municipalities) expect(municipality.promises.length).toBeGreaterThan(0);
  } finally {
    await hub.stop();
    expect(await hub.exited).toBe(0);
    rmSync(dataRoot, { recursive: true, force: true });
  }
  // Every part has stopped: nothing answers on the hub's ports any more.
  for (const party of [...region.kommuner, region.policeArea]) {
    await expect(fetch(`http://127.0.0.1:${party.port + PORT_OFFSET}/graphql`)).rejects.toThrow();
  }
});
