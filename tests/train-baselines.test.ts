// The baselines and the comparison every report makes: 5 nearest neighbours worked out by hand, the
// later-recordings split, the coordinates as given reproducing a CSV row exactly, the warning rule,
// and, end to end through the CLI, the warning firing on data where no model can beat the baselines.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../src/features/index.js';
import { asGivenSpec, featureCandidates } from '../src/train/candidates.js';
import { notBetterWarning, type MethodResult } from '../src/train/compare.js';
import { csvFeatureSpec } from '../src/train/csv.js';
import { knnPredict } from '../src/train/knn.js';
import { classificationMetrics } from '../src/train/metrics.js';
import { collectSamples } from '../src/train/samples.js';
import { laterRecordingsSplit } from '../src/train/workbench.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

describe('5 nearest neighbours', () => {
  // One-dimensional training points: class 0 at 0..4, class 1 at 10..14.
  const trainX = Float32Array.from([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
  const trainY = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

  it('votes among the five nearest', () => {
    expect(Array.from(knnPredict(trainX, trainY, Float32Array.from([-3, 5, 8, 20]), 1, 5, 2))).toEqual([0, 0, 1, 1]);
  });

  it('breaks a tie by the nearest tied member', () => {
    // k = 4 around 7.2: 4, 3 (class 0) and 10, 11 (class 1); the nearest is 10 (2.8 away vs 3.2).
    expect(Array.from(knnPredict(trainX, trainY, Float32Array.from([7.2]), 1, 4, 2))).toEqual([1]);
    expect(Array.from(knnPredict(trainX, trainY, Float32Array.from([6.8]), 1, 4, 2))).toEqual([0]);
  });
});

describe('the later recordings', () => {
  it('are the last quarter of each class in recording order', () => {
    const labels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'a', 'a', 'a', 'a'];
    const spec = csvFeatureSpec('trajectory16-xy');
    const set = collectSamples(
      spec,
      [1],
      labels.map((label, i) => ({ label, group: `g${i}`, features: Float32Array.of(i) })),
    );
    const { train, test } = laterRecordingsSplit(set, 0.25);
    // a: rows 0-3 and 12-15 (8 rows, last 2: 14, 15); b: rows 4-11 (last 2: 10, 11).
    expect(test).toEqual([10, 11, 14, 15]);
    expect(train).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13]);
    // Within the earlier rows, for choosing: a has 0-3, 12, 13 (6 rows, last 2 of them: 12, 13 →
    // round(1.5) = 2); b has 4-9 (last 2: 8, 9). The held-out rows take no part.
    const within = laterRecordingsSplit(set, 0.25, [13, 12, ...train.slice(0, 10)]);
    expect(within.test).toEqual([8, 9, 12, 13]);
    expect(within.train).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('the coordinates as given', () => {
  it('reproduce a hand row of the landmark CSV exactly, whatever its position and size in the image', () => {
    // Wrist-relative and divided by the largest absolute value, as the CSV stores them.
    const row = Array.from({ length: 21 }, (_, p) => (p === 0 ? { x: 0, y: 0 } : { x: Math.sin(p) * 0.9, y: -Math.abs(Math.cos(p)) }));
    row[12] = { x: 0.25, y: -1 };
    const spec = asGivenSpec(csvFeatureSpec('hand21-xy'));
    const inImage = row.map((p) => ({ x: 320 + 140 * p.x, y: 240 + 140 * p.y, z: 0 }));
    const features = computeFeatures(spec, { kind: 'hand-pose', hand: { landmarks: inImage } });
    const expected = row.flatMap((p) => [p.x, p.y]);
    expected.forEach((v, i) => expect(features[i]).toBeCloseTo(v, 5));
    expect(features.length).toBe(42);
  });

  it('are a candidate of every data kind, beside the engineered features', () => {
    expect(featureCandidates(csvFeatureSpec('hand21-xy')).map((c) => c.name)).toEqual(['palm+angles', 'angles', 'upright+angles', 'as-given']);
    const trajectories = featureCandidates(csvFeatureSpec('trajectory16-xy'));
    expect(trajectories.map((c) => c.name)).toEqual(['path-shape', 'as-given']);
    // Tracking jumps are dropped from the path shape; the points as given keep every one.
    expect(trajectories[0]!.spec).toMatchObject({ encoding: 'shape', maxStep: 0.2 });
    expect(trajectories[1]!.spec).not.toHaveProperty('maxStep');
  });
});

describe('the warning when the model is not better than the baselines', () => {
  /** A method with `correct` of 1000 right. */
  const method = (name: string, correct: number): MethodResult => {
    const actual = new Array<number>(1000).fill(0);
    return {
      name,
      metrics: classificationMetrics(
        actual,
        actual.map((_, i) => (i < correct ? 0 : 1)),
        ['a', 'b'],
      ),
    };
  };

  it('is silent when the model’s whole 95% interval lies above the best baseline', () => {
    // 950/1000: interval 93.5%–96.2%, above 92.0%.
    expect(notBetterWarning('grouped 5-fold', method('model', 950), [method('5-NN', 900), method('MLP 64', 920)])).toBeUndefined();
  });

  it('fires in one line naming the best baseline when the interval reaches down to it', () => {
    // 950/1000 has its lower bound at 93.5%: not above 94.0%.
    const warning = notBetterWarning('grouped 5-fold', method('model', 950), [method('5-NN', 940), method('MLP 64', 900)]);
    expect(warning).toMatch(
      /^grouped 5-fold: the model \(model, 95\.0% \[93\.5%–96\.2%\]\) is not better than the 5-NN baseline \(94\.0%\) by its 95% interval/,
    );
    expect(warning).not.toContain('\n');
    expect(notBetterWarning('x', method('model', 900), [method('MLP 64', 950)])).toMatch(/not better than the MLP 64 baseline/);
  });
});

const STATIC = 'landmarks/static_keypoints.csv';
const present = hasSharedData(STATIC);
if (!present) console.warn(sharedDataMissing);

describe.skipIf(!present)('train on data where the model cannot beat the baselines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-baselines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the warning for both estimates and records it in the card', async () => {
    // One real hand pose under three labels: every classifier predicts one label for every row, and
    // with each of the 4 folds and the held-out quarter holding one 9-row block of each label, all
    // score exactly 1/3.
    const pose = readFileSync(sharedData(STATIC), 'utf8').split('\n')[1]!.split(',').slice(1).join(',');
    const lines = ['Open', 'Close', 'Pointer'].flatMap((label) => Array.from({ length: 36 }, () => `${label},${pose}`));
    const csv = join(dir, 'no-information.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const out = join(dir, 'model');
    const { stdout } = await promisify(execFile)(
      'node',
      [
        join(repoRoot, 'dist/src/cli.js'),
        'train',
        '--csv',
        csv,
        '--layout',
        'hand21-xy',
        '--out',
        out,
        '--folds',
        '4',
        '--block-size',
        '9',
        '--features',
        'as-given',
        '--size',
        '64-32',
        '--epochs',
        '5',
      ],
      { cwd: repoRoot },
    );
    const warnings = stdout.split('\n').filter((l) => /^warning: .*not better than/.test(l));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^warning: grouped 4-fold: the model \(as-given, 64-32, 33\.3% \[.*\]\) is not better than the (5-NN|MLP 64) baseline \(33\.3%\) by its 95% interval/,
    );
    expect(warnings[1]).toMatch(/^warning: later recordings \(last 25% of each class\): the model .* is not better than the/);
    const card = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(card.metrics.estimates.map((e: { warning?: string }) => e.warning !== undefined)).toEqual([true, true]);
    expect(card.training.selection).toMatchObject({ features: 'as-given', size: '64-32' });
  });
});
