// Training workbench figures on the real landmark CSVs: the workbench's own choice of features and
// network size, then two honest estimates (grouped k-fold; the last 25% of each class held out as
// "later recordings"), ours beside a 5-NN and a small MLP on the coordinates as given, on the same rows;
// and a 30-per-class binary task showing how little a 4-sample test says.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestBaseline, type Estimate } from '../src/train/compare.js';
import { readLandmarkCsv } from '../src/train/csv.js';
import { loadLabelledData } from '../src/train/inputs.js';
import { defaultFitOptions, fitNetwork, predictScores } from '../src/train/fit.js';
import { argmaxRows, classificationMetrics, wilsonInterval } from '../src/train/metrics.js';
import { subset, type LabelledSet } from '../src/train/samples.js';
import { candidateText, rankedCandidates, runStudy } from '../src/train/study.js';
import { seededRandom, shuffleInPlace } from '../src/util/random.js';
import { loadTf } from '../src/train/tf.js';
import { crossValidate, trainAndExport } from '../src/train/workbench.js';
import { setLogSink } from '../src/util/log.js';
import { sharedData } from '../tests/support/shared-data.js';

// Run from the repository root (npm run bench), as the other benches are.

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const interval = ([lo, hi]: [number, number]) => `${pct(lo)}–${pct(hi)}`;
const withInterval = (m: { accuracy: number; accuracy_ci95: [number, number] }) => `${pct(m.accuracy)} [${interval(m.accuracy_ci95)}]`;
const points = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}`;

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
}

async function csvFigures(): Promise<void> {
  const files = [
    { file: 'landmarks/static_keypoints.csv', layout: 'hand21-xy' as const },
    { file: 'landmarks/fingertip_trajectories.csv', layout: 'trajectory16-xy' as const },
  ];
  const rows: string[][] = [];
  const choices: string[][] = [];
  for (const { file, layout } of files) {
    const data = loadLabelledData({ csv: sharedData(file), layout, blockSize: 100 });
    const started = performance.now();
    const study = await runStudy({ build: data.build, baseSpec: data.baseSpec, folds: 5, fit: defaultFitOptions, groupedBy: 'blocks of 100 consecutive rows' });
    const studyMs = performance.now() - started;
    const out = mkdtempSync(join(tmpdir(), 'gesturegate-bench-'));
    const model = await trainAndExport({ set: study.set, kind: data.kind, source: file, out, fit: study.fit, minScore: 0.5 });
    rmSync(out, { recursive: true, force: true });
    const name = file.split('/')[1]!;
    study.estimates.forEach((e: Estimate) => {
      const best = bestBaseline(e.baselines);
      rows.push([
        name,
        e.name,
        withInterval(e.model.metrics),
        ...e.baselines.map((b) => withInterval(b.metrics)),
        `${points(e.model.metrics.accuracy - best.metrics.accuracy)} (vs ${best.name})`,
        e.warning ? 'not better' : 'better',
      ]);
    });
    const ranked = rankedCandidates(study.selection);
    const runnerUp = ranked.find((c) => c.features !== study.selection.features.name);
    choices.push([
      name,
      `${study.selection.features.name}, ${study.selection.size.name}`,
      ranked.map(candidateText).join(', '),
      runnerUp ? `${points(ranked[0]!.score - runnerUp.score)} over ${runnerUp.features}` : '',
      `${(studyMs / 1000).toFixed(0)} s`,
      `${(model.modelBytes / 1024).toFixed(1)} KiB`,
      model.card.metrics.exportMaxAbsDiff.toExponential(1),
    ]);
  }
  table(['data', 'estimate', 'ours [95%]', '5-NN as given [95%]', 'MLP 64 as given [95%]', 'ours − best baseline (points)', 'by its interval'], rows);
  process.stdout.write('\nThe choice (on the earlier 75% of each class: grouped 5-fold, and its own last quarter; score: their mean):\n');
  table(['data', 'chosen', 'candidates, best score first: k-fold (later part)', 'features won by', 'study time', 'ONNX size', 'ONNX−tfjs max'], choices);
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
      [
        `5-fold CV, all ${cv.metrics.n} samples`,
        pct(cv.metrics.accuracy),
        interval(cv.metrics.accuracy_ci95),
        pct(cv.metrics.accuracy_ci95[1] - cv.metrics.accuracy_ci95[0]),
      ],
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
