// Where this gesturegate is installed (the folder holding its package.json), so that the default
// model folder works from any working directory, as it must once `gesturegate` is on the PATH.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/** The nearest folder above this module whose package.json names gesturegate. */
export function installDir(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gesturegate') return (found = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no gesturegate package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The converted MediaPipe models shipped with (or converted into) this installation. */
export function defaultModelDir(): string {
  return join(installDir(), 'models', 'onnx');
}
