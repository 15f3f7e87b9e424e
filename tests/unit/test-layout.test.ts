import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../../server/project-root.js';

const LAYERS = ['unit', 'subgraph', 'hub', 'system'];

/** Every test file under tests/, relative to it. */
function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(path.join(projectRoot, 'tests'), full)] : [];
  });
}

it('every test file belongs to exactly one layer of the pyramid (vitest.config.ts runs only those)', () => {
  const files = testFiles(path.join(projectRoot, 'tests'));
  expect(files.length).toBeGreaterThan(40);
  const outside = files.filter(
    (file) => !LAYERS.includes(file.split(path.sep)[0]!) || file.split(path.sep).length !== 2,
  );
  expect(outside).toEqual([]);
});
