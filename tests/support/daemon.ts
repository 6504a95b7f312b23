// Builds a daemon config for tests: a real clip, a temp state dir, the status page on a free port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type DaemonConfig } from '../../src/config/schema.js';
import { mergeConfig } from '../../src/config/load.js';

export function testDaemonConfig(over: Record<string, unknown>): DaemonConfig {
  const base = {
    device: { id: 'testdoor', stateDir: mkdtempSync(join(tmpdir(), 'gesturegate-daemon-')) },
    status: { port: 0 },
    health: { intervalS: 1 },
    log: { level: 'warn' },
  };
  return configSchema.parse(mergeConfig(base, over));
}
