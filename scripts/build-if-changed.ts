import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`'s builds, each run only when needed: a build's stamp beside its output
 * (`dist/<name>.build-stamp.json`) holds a hash of the build's inputs and command and a hash of the
 * output it made. A build runs when its inputs or command have changed, or its output is missing
 * or no longer what the build made (a file deleted, truncated or edited); else it is skipped.
 *
 *   node scripts/build-if-changed.ts [web] [hub]
 *
 * Run with Node's own TypeScript stripping (no tsx: this runs on every start), so it imports
 * nothing but Node's modules.
 */
export interface BuildTarget {
  name: string;
  /** Files and folders, relative to the root, whose content the output is made from. */
  inputs: string[];
  /** Folders among the inputs that the build itself writes (generated code): not inputs. */
  generated?: string[];
  /** The folder the build writes, relative to the root. */
  output: string;
  /** The build's command, run from the root. */
  command: string[];
}

/**
 * npm's record of what `node_modules` holds: the builds read the installed packages, which differ
 * from the lock file between a `git pull` and the next `npm ci`.
 */
const INSTALLED_PACKAGES = 'node_modules/.package-lock.json';

export const builds: BuildTarget[] = [
  {
    name: 'web',
    inputs: [
      'web',
      'supergraph.graphql',
      'scripts/web-schema.ts',
      'scripts/web-trusted-documents.ts',
      // The documents' id (documentId), which the variants' ids are made with.
      'gateway/report-catalogue.ts',
      'server/project-root.ts',
      'package.json',
      'package-lock.json',
      INSTALLED_PACKAGES,
    ],
    generated: ['web/generated'],
    output: 'dist/web',
    command: ['npm', 'run', 'build:web'],
  },
  {
    // The hub's parts, each bundled with its packages: every folder of the hub's code, the
    // packages as the lock file pins them, and the TypeScript settings esbuild reads.
    name: 'hub',
    inputs: [
      'domain',
      'gateway',
      'schema',
      'scripts',
      'server',
      'subgraphs',
      'tsconfig.json',
      'package.json',
      'package-lock.json',
      INSTALLED_PACKAGES,
    ],
    output: 'dist/hub',
    command: ['npm', 'run', 'build:hub'],
  },
];

interface Stamp {
  inputs: string;
  output: string;
}

/** Runs the build unless its stamp says its output is up to date; says which it did. */
export async function buildIfChanged(root: string, target: BuildTarget): Promise<'built' | 'up to date'> {
  const stampFile = path.join(root, `${target.output}.build-stamp.json`);
  const inputs = hashFiles(root, target.inputs, target.generated ?? [], target.command);
  const stamp = readStamp(stampFile);
  if (stamp?.inputs === inputs && stamp.output === hashFiles(root, [target.output], [], [])) return 'up to date';
  // An interrupted build leaves no stamp, so the next start builds again.
  rmSync(stampFile, { force: true });
  const [command, ...args] = target.command;
  await run(command!, args, root);
  const made: Stamp = { inputs, output: hashFiles(root, [target.output], [], []) };
  writeFileSync(stampFile, `${JSON.stringify(made, null, 2)}\n`);
  return 'built';
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? code})`)),
    );
  });
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** One hash over the named files and folders (each file's path and content; a missing one as missing) and `extra`. */
function hashFiles(root: string, names: string[], skipped: string[], extra: string[]): string {
  const hash = createHash('sha256');
  for (const part of extra) hash.update(`${part}\0`);
  const skip = new Set(skipped.map((name) => path.join(root, name)));
  const add = (file: string): void => {
    if (skip.has(file) || path.basename(file) === 'node_modules') return;
    hash.update(`${path.relative(root, file)}\0`);
    if (!existsSync(file)) {
      hash.update('missing\0');
    } else if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(file, entry));
    } else {
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  };
  for (const name of names) add(path.join(root, name));
  return hash.digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // The builds named on the command line (all by default), independent of each other: run side by side.
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !builds.some((target) => target.name === name));
  if (unknown.length)
    throw new Error(`No build named ${unknown.join(', ')}; the builds: ${builds.map((t) => t.name).join(', ')}`);
  await Promise.all(
    builds
      .filter((target) => named.length === 0 || named.includes(target.name))
      .map(async (target) => {
        const started = performance.now();
        const outcome = await buildIfChanged(root, target);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `The ${target.name} build: ${outcome === 'built' ? `built in ${seconds} s` : 'up to date, skipped'}`,
        );
      }),
  );
}
