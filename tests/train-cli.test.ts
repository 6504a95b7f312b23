// The command-line contract scripts depend on: `train --csv --layout --out` writes a model directory,
// `eval --model --csv --layout --json` prints one JSON object with accuracy, n, per_class and the
// baselines on stdout, and bad input gives one line on stderr and a non-zero exit.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'dist/src/cli.js');
const CSV = 'landmarks/static_keypoints.csv';
const present = hasSharedData(CSV);
if (!present) console.warn(sharedDataMissing);

async function gesturegate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!present)('train and eval on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-cli-'));
  const small = join(dir, 'small.csv');
  const model = join(dir, 'model');

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js missing: run `npm run build` first (npm test does)');
    // Every 8th row of the real file: all three classes, consecutive-row structure kept.
    const lines = readFileSync(sharedData(CSV), 'utf8').trim().split('\n');
    writeFileSync(small, [lines[0], ...lines.slice(1).filter((_, i) => i % 8 === 0)].join('\n') + '\n');
    const trained = await gesturegate('train', '--csv', small, '--layout', 'hand21-xy', '--out', model, '--folds', '0', '--epochs', '30', '--json');
    expect(trained.stderr).not.toMatch(/internal error/);
    expect(trained.code).toBe(0);
    const summary = JSON.parse(trained.stdout);
    expect(summary.labels).toEqual(['Open', 'Close', 'Pointer']);
    expect(summary.export_max_abs_diff).toBeLessThanOrEqual(1e-5);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('train writes the ONNX model, its card and the report', () => {
    for (const file of ['model.onnx', 'model.json', 'report.html', 'report.json']) expect(existsSync(join(model, file))).toBe(true);
    const html = readFileSync(join(model, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('eval --json prints one JSON object with accuracy, n and per_class', async () => {
    const result = await gesturegate('eval', '--model', model, '--csv', sharedData(CSV), '--layout', 'hand21-xy', '--json');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report.n).toBe(3337);
    expect(report.accuracy).toBeGreaterThan(0.8);
    expect(report.accuracy).toBeLessThanOrEqual(1);
    expect(Object.keys(report.per_class)).toEqual(['Open', 'Close', 'Pointer']);
    expect(report.per_class.Open).toEqual({ precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number), support: 1141 });
    expect(report.accuracy_ci95[0]).toBeLessThan(report.accuracy);
    expect(report.training_data).toBe(false);
    // The baselines, refitted on the model's training rows and tested on the same rows.
    expect(report.baselines.map((b: { name: string }) => b.name)).toEqual(['5-NN', 'MLP 64']);
    for (const b of report.baselines) expect(b.accuracy).toBeGreaterThan(0.5);
  });

  it('eval says so when it is given the data the model was trained on', async () => {
    const result = await gesturegate('eval', '--model', model, '--csv', small, '--layout', 'hand21-xy', '--json');
    const report = JSON.parse(result.stdout);
    expect(report.training_data).toBe(true);
    expect(report.warning).toMatch(/trained on/);
  });

  it('bad input: one line on stderr and a non-zero exit', async () => {
    // A model trained before the feature formulas changed.
    const outdated = join(dir, 'outdated');
    cpSync(model, outdated, { recursive: true });
    const card = JSON.parse(readFileSync(join(outdated, 'model.json'), 'utf8'));
    card.features.version = 1;
    writeFileSync(join(outdated, 'model.json'), JSON.stringify(card));
    const cases: [string[], RegExp][] = [
      [
        ['eval', '--model', outdated, '--csv', small, '--layout', 'hand21-xy'],
        /trained on feature spec version 1; this gesturegate computes version 2: train it again/,
      ],
      [['train', '--csv', small, '--layout', 'hand99', '--out', join(dir, 'x')], /unknown CSV layout "hand99"/],
      [['train', '--csv', small, '--layout', 'trajectory16-xy', '--out', join(dir, 'x')], /line 2: layout trajectory16-xy needs 33 columns .* got 43/],
      [['train', '--csv', join(dir, 'none.csv'), '--layout', 'hand21-xy', '--out', join(dir, 'x')], /cannot read CSV/],
      [['train', '--csv', small, '--layout', 'hand21-xy', '--out', join(dir, 'x'), '--folds', 'three'], /--folds must be an integer/],
      [
        ['train', '--csv', small, '--layout', 'hand21-xy', '--out', join(dir, 'x'), '--features', 'path-shape'],
        /unknown feature spec "path-shape" for this data \(expected palm\+angles, angles, upright\+angles, as-given\)/,
      ],
      [['eval', '--model', join(dir, 'nope'), '--csv', small, '--layout', 'hand21-xy', '--json'], /cannot read model card/],
      [['eval', '--model', model, '--csv', small, '--layout', 'trajectory16-xy'], /layout trajectory16-xy needs 33 columns|gives trajectory features/],
    ];
    for (const [args, message] of cases) {
      const result = await gesturegate(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stdout).toBe('');
      const lines = result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('{'));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });
});
