// Training workbench figures on the real landmark CSVs: grouped-block k-fold accuracy (honest) next
// to a random-split k-fold (leaky, how the original author measured) and the author's own figures,
// training time and model size; and a 30-per-class binary task showing how little a 4-sample test says.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLandmarkCsv } from '../src/train/csv.js';
import { defaultFitOptions, fitNetwork, predictScores } from '../src/train/fit.js';
import { argmaxRows, classificationMetrics, wilsonInterval } from '../src/train/metrics.js';
import { subset, type LabelledSet } from '../src/train/samples.js';
import { seededRandom, shuffleInPlace } from '../src/util/random.js';
import { loadTf } from '../src/train/tf.js';
import { crossValidate, trainAndExport } from '../src/train/workbench.js';
import { setLogSink } from '../src/util/log.js';
import { sharedData } from '../tests/support/shared-data.js';

// Run from the repository root (npm run bench), as the other benches are.

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const interval = ([lo, hi]: [number, number]) => `${pct(lo)}–${pct(hi)}`;

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
}

/** Each row its own group: a random split, which leaks neighbouring video frames into the test folds. */
function ungrouped(set: LabelledSet): LabelledSet {
  return { ...set, groups: set.groups.map((_, i) => `row${i}`) };
}

async function csvFigures(): Promise<void> {
  const files = [
    { file: 'landmarks/static_keypoints.csv', layout: 'hand21-xy' as const, author: 0.96 },
    { file: 'landmarks/fingertip_trajectories.csv', layout: 'trajectory16-xy' as const, author: 0.97 },
  ];
  const rows: string[][] = [];
  for (const { file, layout, author } of files) {
    const set = readLandmarkCsv(sharedData(file), layout, { blockSize: 100 });
    const honest = await crossValidate(set, 5, defaultFitOptions, 'blocks of 100 consecutive rows');
    const leaky = await crossValidate(ungrouped(set), 5, defaultFitOptions, 'rows');
    const out = mkdtempSync(join(tmpdir(), 'gesturegate-bench-'));
    const model = await trainAndExport({ set, kind: set.shape.length > 1 ? 'temporal' : 'pose', source: file, out, fit: defaultFitOptions, minScore: 0.5 });
    rmSync(out, { recursive: true, force: true });
    rows.push([
      file.split('/')[1]!,
      `${pct(honest.metrics.accuracy)} [${interval(honest.metrics.accuracy_ci95)}]`,
      `${pct(leaky.metrics.accuracy)} [${interval(leaky.metrics.accuracy_ci95)}]`,
      pct(author),
      (honest.metrics.accuracy / leaky.metrics.accuracy).toFixed(3),
      `${(honest.durationMs / 1000).toFixed(1)} s`,
      `${(model.card.training.durationMs / 1000).toFixed(1)} s`,
      `${(model.modelBytes / 1024).toFixed(1)} KiB`,
      model.card.metrics.exportMaxAbsDiff.toExponential(1),
    ]);
  }
  table(
    ['data', 'ours: 5-fold by 100-row blocks [95%]', 'reference: 5-fold random rows (leaky)', 'author, random split', 'ratio ours/ref', '5-fold time', 'final fit', 'ONNX size', 'ONNX−tfjs max'],
    rows,
  );
}

/** 30 "gesture" (Pointer) and 30 "none" (Open, Close) rows spread over the whole file, from different blocks. */
function binaryTask(): LabelledSet {
  const set = readLandmarkCsv(sharedData('landmarks/static_keypoints.csv'), 'hand21-xy');
  const pick = (labels: string[]) => {
    const rows = set.y.reduce<number[]>((acc, c, i) => (labels.includes(set.labels[c]!) ? [...acc, i] : acc), []);
    return Array.from({ length: 30 }, (_, k) => rows[Math.floor(((k + 0.5) * rows.length) / 30)]!);
  };
  const chosen = [...pick(['Pointer']), ...pick(['Open', 'Close'])];
  return { ...subset(set, chosen), labels: ['gesture', 'none'], y: Int32Array.from(chosen, (_, j) => (j < 30 ? 0 : 1)), groups: chosen.map((i) => `row${i}`) };
}

async function smallDataFigures(): Promise<void> {
  const tf = await loadTf();
  const set = binaryTask();
  const fit = { ...defaultFitOptions, maxEpochs: 60 };
  // Twenty different 4-sample test sets (2 + 2), training on the other 56 each time.
  const random = seededRandom(7);
  const byClass = [0, 1].map((c) => set.y.reduce<number[]>((acc, y, i) => (y === c ? [...acc, i] : acc), []));
  const accuracies: number[] = [];
  for (let r = 0; r < 20; r++) {
    const test = byClass.flatMap((rows) => shuffleInPlace([...rows], random).slice(0, 2));
    const train = set.y.reduce<number[]>((acc, _, i) => (test.includes(i) ? acc : [...acc, i]), []);
    const result = fitNetwork(tf, set, train, [], { ...fit, seed: 100 + r });
    const testSet = subset(set, test);
    accuracies.push(classificationMetrics(testSet.y, argmaxRows(predictScores(tf, result.network, testSet.x), 2), set.labels).accuracy);
    result.network.model.dispose();
  }
  const cv = await crossValidate(set, 5, fit, 'samples');
  const counts = [0.5, 0.75, 1].map((a) => accuracies.filter((v) => v === a).length);
  table(
    ['test set', 'accuracy seen', '95% interval (Wilson)', 'width'],
    [
      ['4 photos, 2 of 4 right', '50%', interval(wilsonInterval(2, 4)), pct(wilsonInterval(2, 4)[1] - wilsonInterval(2, 4)[0])],
      ['4 photos, 4 of 4 right', '100%', interval(wilsonInterval(4, 4)), pct(wilsonInterval(4, 4)[1] - wilsonInterval(4, 4)[0])],
      [
        '20 random 4-sample splits',
        `min ${pct(Math.min(...accuracies))}, max ${pct(Math.max(...accuracies))}; 50%: ${counts[0]}×, 75%: ${counts[1]}×, 100%: ${counts[2]}×`,
        '',
        '',
      ],
      [`5-fold CV, all ${cv.metrics.n} samples`, pct(cv.metrics.accuracy), interval(cv.metrics.accuracy_ci95), pct(cv.metrics.accuracy_ci95[1] - cv.metrics.accuracy_ci95[0])],
    ],
  );
}

export async function run(): Promise<void> {
  if (!['landmarks/static_keypoints.csv', 'landmarks/fingertip_trajectories.csv'].every((f) => existsSync(sharedData(f)))) {
    process.stdout.write(`training: real data not found in ${sharedData('landmarks')}; skipped\n`);
    return;
  }
  setLogSink(() => {});
  await csvFigures();
  process.stdout.write('\nBinary gesture vs none, 30 samples per class (static CSV rows from different blocks):\n');
  await smallDataFigures();
}
