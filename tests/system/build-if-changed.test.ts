import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type BuildTarget, buildIfChanged, builds } from '../../scripts/build-if-changed.js';
import { projectRoot } from '../../server/project-root.js';

// `npm start` skips a build whose inputs, command and output are as the last build left them.
// A build here is a real command (a Node one-liner) in a folder of the test's own: it copies its
// input into its output and counts its runs.
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'loftesnavet-build-'));
  mkdirSync(path.join(root, 'src/generated'), { recursive: true });
  writeFileSync(path.join(root, 'src/page.txt'), 'första');
  writeFileSync(path.join(root, 'config.json'), '{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const copyBuild = (variant = ''): BuildTarget => ({
  name: 'test',
  inputs: ['src', 'config.json'],
  generated: ['src/generated'],
  output: 'dist/out',
  command: [
    process.execPath,
    '-e',
    `const fs = require('node:fs');
     fs.appendFileSync('runs.log', 'run${variant}\\n');
     fs.writeFileSync('src/generated/made.txt', String(Math.random()));
     fs.mkdirSync('dist/out', { recursive: true });
     fs.writeFileSync('dist/out/page.txt', fs.readFileSync('src/page.txt'));`,
  ],
});
const runs = () => readFileSync(path.join(root, 'runs.log'), 'utf8').split('\n').filter(Boolean).length;

it('builds the first time, then skips while the inputs and the output are unchanged', async () => {
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(readFileSync(path.join(root, 'dist/out/page.txt'), 'utf8')).toBe('första');
  // The build rewrote its own generated folder: that is not an input.
  expect(await buildIfChanged(root, copyBuild())).toBe('up to date');
  expect(await buildIfChanged(root, copyBuild())).toBe('up to date');
  expect(runs()).toBe(1);
});

it('builds again when an input file changes, is added or removed, or the command changes', async () => {
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  writeFileSync(path.join(root, 'src/page.txt'), 'andra');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(readFileSync(path.join(root, 'dist/out/page.txt'), 'utf8')).toBe('andra');
  writeFileSync(path.join(root, 'src/new.txt'), 'ny');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  unlinkSync(path.join(root, 'src/new.txt'));
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  writeFileSync(path.join(root, 'config.json'), '{"x":1}');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(await buildIfChanged(root, copyBuild('with another command'))).toBe('built');
  expect(await buildIfChanged(root, copyBuild('with another command'))).toBe('up to date');
  expect(runs()).toBe(6);
});

it('builds again when the output is missing or altered, or the stamp is missing or corrupt', async () => {
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  rmSync(path.join(root, 'dist/out'), { recursive: true });
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  writeFileSync(path.join(root, 'dist/out/page.txt'), 'förstör');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(readFileSync(path.join(root, 'dist/out/page.txt'), 'utf8')).toBe('första');
  expect(await buildIfChanged(root, copyBuild())).toBe('up to date');
  writeFileSync(path.join(root, 'dist/out.build-stamp.json'), '{ trasig');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  unlinkSync(path.join(root, 'dist/out.build-stamp.json'));
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(runs()).toBe(5);
});

it('a failed build leaves no stamp, so the next start builds again', async () => {
  const failing: BuildTarget = { ...copyBuild(), command: [process.execPath, '-e', 'process.exit(3)'] };
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  await expect(buildIfChanged(root, failing)).rejects.toThrow('failed (3)');
  expect(await buildIfChanged(root, copyBuild())).toBe('built');
  expect(runs()).toBe(2);
});

it("npm start's builds name inputs and outputs that exist in the project", () => {
  for (const target of builds) {
    for (const input of target.inputs) expect(existsSync(path.join(projectRoot, input)), input).toBe(true);
    expect(target.output.startsWith('dist/')).toBe(true);
  }
});
