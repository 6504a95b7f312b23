// `gesturegate convert` as a user runs it (the built CLI): bad files give one clear line on
// stderr and a non-zero exit, never a stack trace; a single file converts with its manifest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMediapipeModel } from '../src/convert/sources.js';
import { replaceOperator } from './support/tflite-patch.js';
import { repoRoot } from './support/shared-data.js';

const cli = join(repoRoot, 'dist/src/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'gesturegate-convert-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

function convert(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'convert', '--out', join(dir, 'out'), ...args], { encoding: 'utf8', cwd: dir });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(result: ReturnType<typeof convert>, pattern: RegExp): void {
  expect(result.status).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^gesturegate: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('gesturegate convert (CLI)', () => {
  const original = loadMediapipeModel('hand_landmark_lite').bytes;

  it('refuses a truncated .tflite with one line naming the file', () => {
    const path = join(dir, 'truncated.tflite');
    writeFileSync(path, original.subarray(0, 100_000));
    expectOneLineError(convert('--input', path), /truncated\.tflite is not a valid TFLite model: /);
  });

  it('refuses a corrupt .tflite (scrambled structure) and a missing file', () => {
    const corrupt = new Uint8Array(original);
    // Overwrite the root table offset and the start of the structure with garbage.
    corrupt.fill(0xff, 0, 4);
    corrupt.fill(0xab, 8, 64);
    writeFileSync(join(dir, 'corrupt.tflite'), corrupt);
    expectOneLineError(convert('--input', join(dir, 'corrupt.tflite')), /corrupt\.tflite is not a valid TFLite model: /);

    expectOneLineError(convert('--input', join(dir, 'missing.tflite')), /cannot read .*missing\.tflite \(ENOENT\)/);
  });

  it('names an unsupported operator', () => {
    const path = join(dir, 'squeeze.tflite');
    writeFileSync(path, replaceOperator(original, 'LOGISTIC', 'SQUEEZE'));
    expectOneLineError(convert('--input', path), /unsupported TFLite operator SQUEEZE/);
    expect(existsSync(join(dir, 'out/squeeze.onnx'))).toBe(false);
  });

  it('refuses bad options', () => {
    expectOneLineError(convert('--target', 'tensorrt'), /--target must be onnxruntime or opencv/);
    expectOneLineError(convert('--model', 'hand_landmark_huge'), /unknown model hand_landmark_huge/);
    const help = convert('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--verify/);
  });

  it('--verify prints a table of max differences per output on stdout, logs on stderr', () => {
    const result = convert('--model', 'hand_landmark_lite', '--verify', '--out', join(dir, 'verified'));
    expect(result.status, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^reference: TensorFlow Lite 2\.9\.0 C library/);
    for (const runtime of ['onnxruntime', 'opencv']) {
      for (const output of ['Identity', 'Identity_1', 'Identity_2', 'Identity_3']) {
        expect(
          rows.some((r) => new RegExp(`^hand_landmark_lite +${runtime} +${output} +\\w+ +\\d\\.\\d+e-\\d+ .* ok$`).test(r)),
          `${runtime} ${output}`,
        ).toBe(true);
      }
    }
    expect(result.stdout).not.toMatch(/"level"/);
    expect(result.stderr).toMatch(/"msg":"converted"/);
  });

  it('converts one file given by --input, writing the ONNX model and its manifest', () => {
    const path = join(dir, 'hand_landmark_lite.tflite');
    writeFileSync(path, original);
    const result = convert('--input', path);
    expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/hand_landmark_lite.json'), 'utf8'));
    expect(manifest.source.origin).toBe(path);
    // The interface is described from the file itself.
    expect(manifest.outputs.map((o: { name: string }) => o.name)).toEqual(['Identity', 'Identity_1', 'Identity_2', 'Identity_3']);
    expect(readFileSync(join(dir, 'out/hand_landmark_lite.onnx')).length).toBeGreaterThan(1_000_000);
    expect(convert('--input', path).stdout).toMatch(/"msg":"up to date"/);
  });
});
