// The session factory's provider fallback with a damaged model file: the CPU provider is always there,
// so its failure is the file's fault; it must not be taken for a missing provider (that made every
// later model of the same factory fail) nor announced as "trying the next one" when none is left.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadOnnxRuntime, SessionFactory } from '../src/inference/session.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import { repoRoot } from './support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'gesturegate-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLogSink((line) => process.stdout.write(`${line}\n`)));

describe('SessionFactory with a damaged model file', () => {
  it('names the file in one line, warns of no next provider, and still loads the next good model on the CPU', async () => {
    const damaged = join(dir, 'hand_landmark_full.onnx');
    writeFileSync(damaged, 'not an onnx model');
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const factory = new SessionFactory(await loadOnnxRuntime(), { providers: ['cpu'], intraOpThreads: 1, interOpThreads: 1 }, createLogger('test'));

    await expect(factory.create(damaged)).rejects.toThrow(/^no execution provider could load .*hand_landmark_full\.onnx \(cpu: .+\)$/);
    expect(lines.filter((line) => line.includes('trying the next one'))).toEqual([]);

    const good = await factory.create(join(repoRoot, 'models/onnx/palm_detection_lite.onnx'));
    expect(good.provider).toBe('cpu');
    await good.runner.release();
  });
});
