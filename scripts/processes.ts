import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectRoot } from '../server/project-root.js';

export interface ProcessSpec {
  label: string;
  /**
   * The entry point, relative to the project root: a `.ts` file runs through tsx, a compiled
   * `.js` file (under `dist/`) with plain Node.
   */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Each line the process prints; defaults to printing it prefixed with the label. */
  onLine?: (line: string) => void;
  /** The line that says the process is ready (default: one containing "ready at"). */
  readyWhen?: RegExp;
  /** Flags for Node itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** A command Node is started through, e.g. `['ip', 'netns', 'exec', '<namespace>']` to run it on another network. */
  launcher?: string[];
  /** Keep a pipe to the process's stdin (`child.stdin`); by default it has none. */
  stdin?: boolean;
}

export interface RunningProcess {
  label: string;
  child: ChildProcess;
  /** Resolves when the process says it is ready; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
  stop(): Promise<void>;
}

/** Starts one part of the hub as its own Node process, on the Node that runs this one, from the project root. */
export function launchProcess(spec: ProcessSpec): RunningProcess {
  const loader = spec.script.endsWith('.js') ? [] : ['--import', 'tsx'];
  const [command, ...commandArgs] = [
    ...(spec.launcher ?? []),
    process.execPath,
    ...(spec.nodeArgs ?? []),
    ...loader,
    spec.script,
    ...(spec.args ?? []),
  ];
  const child = spawn(command!, commandArgs, {
    cwd: projectRoot,
    env: { ...process.env, ...spec.env },
    stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${spec.label}]`.padEnd(14);
  const onLine = spec.onLine ?? ((line: string) => console.log(`${prefix}${line}`));
  const readyWhen = spec.readyWhen ?? /ready at/;
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        onLine(line);
        if (readyWhen.test(line)) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`${spec.label} exited (${code}) before it was ready`)));
  });
  ready.catch(() => {});
  return {
    label: spec.label,
    child,
    ready,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
