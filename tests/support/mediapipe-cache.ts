// Tests that run MediaPipe in Chromium use a cache of their own (GESTUREGATE_MEDIAPIPE_CACHE), made
// empty before the file's tests and removed after: a result cached by a bench or an older run must not
// stand in for the reference they check against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Registers the hooks in the calling file or describe block; `name` labels the temporary folder. */
export function useFreshMediaPipeCache(name: string): void {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), `gesturegate-${name}-`));
    process.env.GESTUREGATE_MEDIAPIPE_CACHE = cacheDir;
  });
  afterAll(() => {
    delete process.env.GESTUREGATE_MEDIAPIPE_CACHE;
    rmSync(cacheDir, { recursive: true, force: true });
  });
}
