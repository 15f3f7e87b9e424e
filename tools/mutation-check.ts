/**
 * The mutation check of docs/testing.md: makes each bug by hand, one at a time, runs the unit and
 * subgraph layers, restores the file, and prints how many tests failed and which.
 * Run with a clean work tree: `npx tsx tools/mutation-check.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bugs: { name: string; file: string; from: string; to: string }[] = [
  {
    name: 'a cross-owner write allowed',
    file: 'domain/access.ts',
    from: 'if (viewer.organisation !== owner) {',
    to: 'if (false) {',
  },
  {
    name: 'a reader writing',
    file: 'domain/access.ts',
    from: "if (viewer.role !== 'editor') throw",
    to: 'if (false) throw',
  },
  {
    name: 'drafts shown to everyone',
    file: 'subgraphs/kommun/start-kommun-subgraph.ts',
    from: 'includeDrafts: canReadInternal(viewer, kommun.slug)',
    to: 'includeDrafts: true',
  },
  {
    name: 'the version check removed',
    file: 'domain/versioned-records.ts',
    from: 'if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {',
    to: 'if (false) {',
  },
  {
    name: 'batching off',
    file: 'subgraphs/kommun/loaders.ts',
    from: "import DataLoader from 'dataloader';",
    to: "import Loader from 'dataloader';\nconst DataLoader = class extends Loader<any, any> { constructor(load: any) { super(load, { batch: false }); } } as any;",
  },
  {
    name: 'a date rule removed (a signing week begins on a Monday)',
    file: 'domain/signing-dates.ts',
    from: '? utc(earliest).getUTCDay() === 1',
    to: '? true',
  },
];

interface Report {
  numTotalTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

const folder = mkdtempSync(path.join(tmpdir(), 'loftesnavet-mutation-'));
for (const [index, bug] of bugs.entries()) {
  const source = readFileSync(bug.file, 'utf8');
  if (source.split(bug.from).length !== 2) throw new Error(`${bug.name}: "${bug.from}" is not once in ${bug.file}`);
  writeFileSync(bug.file, source.replace(bug.from, bug.to));
  const output = path.join(folder, `${index}.json`);
  try {
    execFileSync(
      'npx',
      ['vitest', 'run', '--project', 'unit', '--project', 'subgraph', '--reporter=json', `--outputFile=${output}`],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    // Failing tests are what a mutation should cause.
  } finally {
    writeFileSync(bug.file, source);
  }
  const report = JSON.parse(readFileSync(output, 'utf8')) as Report;
  const failed = report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${path.relative('tests', file.name)} › ${test.fullName}`),
  );
  console.log(`${bug.name}: ${failed.length} of ${report.numTotalTests} tests fail`);
  for (const test of failed.slice(0, 5)) console.log(`  ${test}`);
}
