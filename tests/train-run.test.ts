// Real training runs on a subset of the real landmark CSVs: a pose model that generalises to held-out
// blocks of rows, ONNX exports (dense and 1-D convolution) whose scores match tfjs within 1e-5,
// seeded runs that repeat exactly, and a study whose choice never sees the held-out later rows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { GestureModel, readCard } from '../src/gesture-models/model.js';
import { encodeModel } from '../src/onnx/model.js';
import { parseLandmarkCsv, readLandmarkCsv } from '../src/train/csv.js';
import { evaluateModelDir } from '../src/train/evaluate.js';
import { networkToOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../src/train/export-onnx.js';
import { defaultFitOptions, fitNetwork, predictScores } from '../src/train/fit.js';
import { groupedHoldout } from '../src/train/folds.js';
import { collectSamples, subset, type LabelledSet } from '../src/train/samples.js';
import { loadTf } from '../src/train/tf.js';
import { loadLabelledData } from '../src/train/inputs.js';
import { runStudy } from '../src/train/study.js';
import { laterRecordingsSplit, trainAndExport } from '../src/train/workbench.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const STATIC = 'landmarks/static_keypoints.csv';
const TRAJECTORIES = 'landmarks/fingertip_trajectories.csv';
const present = hasSharedData(STATIC, TRAJECTORIES);
if (!present) console.warn(sharedDataMissing);

const dir = mkdtempSync(join(tmpdir(), 'gesturegate-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every k-th sample: keeps each class's blocks, so grouped splits still mean something. */
function everyKth(set: LabelledSet, k: number): LabelledSet {
  return subset(
    set,
    Array.from({ length: Math.floor(set.y.length / k) }, (_, i) => i * k),
  );
}

/** The trajectory rows as raw [16, 2] point windows: an input for a 1-D convolution network. */
function pointWindows(set: LabelledSet): LabelledSet {
  const rows = parseLandmarkCsv(readFileSync(sharedData(TRAJECTORIES), 'utf8'), 'trajectory16-xy', TRAJECTORIES);
  return collectSamples(
    set.spec,
    [16, 2],
    rows.map((row, i) => ({ label: row.label, group: set.groups[i]!, features: Float32Array.from(row.points.flatMap((p) => [p.x, p.y])) })),
  );
}

async function onnxScores(model: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  const n = x.length / shape.reduce((a, b) => a * b, 1);
  const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [n, ...shape]) });
  await session.release();
  return out[ONNX_OUTPUT]!.data as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[i]!))));
  return max;
}

describe('the conv filter gradient added to the wasm backend', () => {
  it('matches the reference JS backend', async () => {
    const tf = await loadTf();
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.randomNormal([3, 9, 4], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 2);
    const filterGradient = () =>
      tf
        .grads((a, b) => tf.sum(tf.square(tf.conv1d(a as never, b as never, 1, 'valid'))))([x, w])[1]!
        .dataSync();
    const onWasm = Float32Array.from(filterGradient());
    await tf.setBackend('cpu');
    const onCpu = Float32Array.from(filterGradient());
    await tf.setBackend('wasm');
    expect(maxAbsDiff(onWasm, onCpu)).toBeLessThan(1e-4);
    expect(Math.max(...onWasm.map(Math.abs))).toBeGreaterThan(1);
  });
});

describe.skipIf(!present)('training on the real landmark CSVs', () => {
  it('a pose model trained on some blocks of rows recognises held-out blocks, through its ONNX export', async () => {
    const set = everyKth(readLandmarkCsv(sharedData(STATIC), 'hand21-xy', { blockSize: 100 }), 4);
    const indexes = set.y.map((_, i) => i);
    const { train, test } = groupedHoldout(set.y, set.groups, Array.from(indexes), 0.25, 1);
    expect(new Set(test.map((i) => set.groups[i])).size).toBeGreaterThanOrEqual(6);
    const out = join(dir, 'pose');
    const trained = await trainAndExport({
      set: subset(set, train),
      kind: 'pose',
      source: STATIC,
      out,
      fit: { ...defaultFitOptions, maxEpochs: 40 },
      minScore: 0.5,
    });
    expect(trained.card.metrics.exportMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    const card = readCard(out);
    expect(card.labels).toEqual(['Open', 'Close', 'Pointer']);
    expect(card.training.dataHash).toMatch(/^[0-9a-f]{64}$/);
    const metrics = await evaluateModelDir(out, subset(set, test));
    expect(metrics.accuracy).toBeGreaterThan(0.85);

    // The loader classifies hands by computing the card's features itself.
    const model = await GestureModel.load(out);
    const row = readFileSync(sharedData(STATIC), 'utf8').split('\n')[1]!.split(',');
    const landmarks = Array.from({ length: 21 }, (_, p) => ({ x: 400 + 90 * Number(row[1 + 2 * p]), y: 300 + 90 * Number(row[2 + 2 * p]), z: 0 }));
    const prediction = await model.classify({ kind: 'hand-pose', hand: { landmarks, handedness: 'Right' } });
    await model.close();
    expect(row[0]).toBe('Open');
    expect(prediction.label).toBe('Open');
  });

  it('dense and 1-D convolution networks export to ONNX matching tfjs within 1e-5, and seeded runs repeat', async () => {
    const pose = everyKth(readLandmarkCsv(sharedData(STATIC), 'hand21-xy'), 10);
    const windows = everyKth(pointWindows(readLandmarkCsv(sharedData(TRAJECTORIES), 'trajectory16-xy')), 20);
    for (const set of [pose, windows]) {
      const tf = await loadTf();
      const all = set.y.map((_, i) => i);
      const fit = { ...defaultFitOptions, maxEpochs: 3, hidden: 16 };
      const first = fitNetwork(tf, set, Array.from(all), [], fit);
      const expected = predictScores(tf, first.network, set.x);
      const actual = await onnxScores(encodeModel(networkToOnnx(first.network, {})), set.x, set.shape);
      expect(maxAbsDiff(expected, actual)).toBeLessThanOrEqual(1e-5);
      const again = fitNetwork(tf, set, Array.from(all), [], fit);
      expect(maxAbsDiff(predictScores(tf, again.network, set.x), expected)).toBe(0);
      first.network.model.dispose();
      again.network.model.dispose();
    }
  });

  it("the study chooses by k-fold and the earlier rows' own later quarter, and never sees the held-out rows", async () => {
    const data = loadLabelledData({ csv: sharedData(TRAJECTORIES), layout: 'trajectory16-xy', blockSize: 20 });
    // Every 8th row; each held-out (last quarter) row of a class gets a row of the next class's held-out
    // rows instead: a choice that looked at them would score far lower, an estimate on them near zero.
    const build = (spec: Parameters<typeof data.build>[0]) => {
      const set = everyKth(data.build(spec), 8);
      const later = laterRecordingsSplit(set, 0.25).test;
      const byClass = set.labels.map((_, c) => later.filter((i) => set.y[i] === c));
      const x = set.x.slice();
      const size = set.shape[0]!;
      byClass.forEach((rows, c) => {
        const other = byClass[(c + 1) % byClass.length]!;
        rows.forEach((i, k) => x.set(set.x.subarray(other[k % other.length]! * size, (other[k % other.length]! + 1) * size), i * size));
      });
      return { ...set, x };
    };
    const study = await runStudy({ build, baseSpec: data.baseSpec, folds: 5, fit: { ...defaultFitOptions, maxEpochs: 15 }, groupedBy: 'blocks' });
    const { scores } = study.selection;
    expect(scores.map((c) => `${c.features}/${c.size}`)).toEqual(['path-shape/64-32', 'as-given/64-32', `${study.selection.features.name}/128-64`]);
    for (const c of scores) {
      expect(c.later).toBeGreaterThan(0.9);
      expect(c.accuracy).toBeGreaterThan(0.9);
      expect(c.score).toBeCloseTo((c.accuracy + c.later!) / 2, 12);
    }
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    expect([study.selection.features.name, study.selection.size.name]).toEqual([best.features, best.size]);
    expect(study.estimates[1]!.model.metrics.accuracy).toBeLessThan(0.2);
  });
});
