import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * An embedded database folder belongs to one process at a time: two PGlite instances over one
 * folder each serve their own view and overwrite each other's writes. The lock is a file in the
 * folder naming the holder's pid; a lock whose process is gone (killed, crashed) is taken over.
 */
const LOCK_FILE = 'loftesnavet.lock';

/** Folders this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export class DataFolderInUse extends Error {}

/** Takes the folder's lock or throws naming the process that holds it; returns the release. */
export function lockDataFolder(dataDir: string): () => void {
  const folder = path.resolve(dataDir);
  const file = path.join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
      heldHere.add(folder);
      const release = () => {
        process.off('exit', release);
        if (!heldHere.delete(folder)) return;
        try {
          if (holder(file)?.pid === process.pid) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = holder(file);
      const alive = current && (current.pid === process.pid ? heldHere.has(folder) : isRunning(current.pid));
      if (alive) {
        throw new DataFolderInUse(
          `The data folder ${folder} is in use by process ${current.pid}${current.pid === process.pid ? ' (this process)' : ''} since ${current.since}. ` +
            `Stop that process, or give this one its own folder (DATA_DIR, or PORT_OFFSET/DATA_ROOT for npm start). ` +
            `If no such process is running, delete ${file}.`,
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataFolderInUse(`Could not lock the data folder ${folder}`);
}

function holder(file: string): { pid: number; since: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; since?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, since: String(parsed.since) } : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
