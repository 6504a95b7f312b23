// One daemon per state directory: two sharing a queue would send, drop and delete each other's events.
// A lock file holding the PID is made with O_EXCL before anything else starts; a second daemon refuses
// with one line naming the holder. A lock left by a process that is gone (kill -9, power cut) is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';
import type { Extension, ExtensionContext } from '../extension.js';

export const LOCK_FILE = 'gesturegate.lock';

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path` for this process; throws a UserError while another live process holds it. */
function acquireStateLock(dir: string): string {
  const path = join(dir, LOCK_FILE);
  const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`device.stateDir: cannot create ${dir}: ${code(error)}`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return path;
    } catch (error) {
      if (code(error) !== 'EEXIST') throw new UserError(`device.stateDir: cannot create the lock file ${path}: ${code(error)}`);
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(path, 'utf8').trim());
    } catch {
      // Removed meanwhile by its holder: try again.
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processExists(holder)) {
      throw new UserError(`device.stateDir ${dir} is in use by another gesturegate (PID ${holder}, ${path}); give each daemon its own state directory`);
    }
    // Stale: its process is gone (or it is us, restarted in a container with the same PID).
    rmSync(path, { force: true });
  }
  throw new UserError(`device.stateDir: cannot take the lock file ${path}`);
}

export function stateLockExtension(context: ExtensionContext): Extension {
  let held: string | null = null;
  return {
    name: 'stateLock',
    async start() {
      held = acquireStateLock(context.config.device.stateDir);
    },
    async stop() {
      if (held) rmSync(held, { force: true });
      held = null;
    },
    status: () => ({ lockFile: held, pid: process.pid }),
  };
}
