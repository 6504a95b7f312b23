// From a labelled feature set to an evaluated, exported gesture model: grouped k-fold cross-validation,
// a final fit on all data, ONNX export checked against tfjs, model card and report.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalFeatureSpec } from '../features/index.js';
import { encodeModel } from '../onnx/model.js';
import { MODEL_CARD_FILE, MODEL_CARD_FORMAT, MODEL_FILE, type ModelCard } from '../gesture-models/card.js';
import { GestureModel } from '../gesture-models/model.js';
import { UserError } from '../util/errors.js';
import { createLogger } from '../util/log.js';
import { networkToOnnx, ONNX_INPUT, ONNX_OUTPUT } from './export-onnx.js';
import { fitNetwork, predictScores, type EpochRecord, type FitOptions } from './fit.js';
import { groupedHoldout, minGroupsPerClass, stratifiedGroupFolds } from './folds.js';
import { argmaxRows, classificationMetrics, pct, type Metrics } from './metrics.js';
import type { ModelKind } from './models.js';
import { classCounts, sampleCount, subset, type LabelledSet } from './samples.js';
import type { Progress } from './progress.js';
import { loadTf } from './tf.js';
import { BASELINE_NAMES, baselinePredictions } from './baselines.js';
import type { Estimate, MethodResult } from './compare.js';
import type { CsvLayout } from './csv.js';
import type { Selection } from './study.js';

const log = createLogger('train');

/** Largest accepted |ONNX − tfjs| on any score. */
export const EXPORT_TOLERANCE = 1e-5;

/** A group (clip, image file, block of rows) and how many of its samples were misclassified. */
export interface GroupErrors {
  group: string;
  label: string;
  samples: number;
  errors: number;
}

/** How many of the groups with the most errors a report lists: where to look for odd or mislabelled data. */
export const WORST_GROUPS = 5;

export interface CrossValidation {
  folds: number;
  groupedBy: string;
  metrics: Metrics;
  /** The groups with the most out-of-fold errors, most first (only groups with errors). */
  worstGroups: GroupErrors[];
  perFold: Metrics[];
  histories: EpochRecord[][];
  durationMs: number;
}

/** Lets the event loop through between fits (each one synchronous): progress, signals, a test runner's messages. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function allIndexes(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Validation groups for early stopping, or none where a class has too few groups to spare one. */
export function splitValidation(set: LabelledSet, indexes: number[], fraction: number, seed: number): { train: number[]; val: number[] } {
  if (fraction <= 0 || minGroupsPerClass(set.y, set.groups, indexes) < 3) return { train: indexes, val: [] };
  const { train, test } = groupedHoldout(set.y, set.groups, indexes, fraction, seed);
  return { train, val: test };
}

/** Which fold each sample is tested in: the same for every feature spec of the same rows. */
export interface FoldPlan {
  k: number;
  foldOf: Map<number, number>;
}

export function planFolds(set: LabelledSet, requestedFolds: number, seed: number, groupedBy: string): FoldPlan {
  const available = minGroupsPerClass(set.y, set.groups, allIndexes(sampleCount(set)));
  const k = Math.min(requestedFolds, available);
  if (k < 2)
    throw new UserError(
      `cross-validation needs at least 2 ${groupedBy} per class; the smallest class has ${available} (add more, or skip evaluation with --folds 0)`,
    );
  if (k < requestedFolds) log.warn('fewer folds than asked: a class has too few groups', { asked: requestedFolds, folds: k });
  return { k, foldOf: stratifiedGroupFolds(set.y, set.groups, k, seed) };
}

/** The baselines' out-of-fold metrics on the same folds crossValidate uses (same rows, groups and seed). */
export async function crossValidateBaselines(raw: LabelledSet, requestedFolds: number, seed: number, groupedBy: string): Promise<MethodResult[]> {
  const tf = await loadTf();
  const indexes = allIndexes(sampleCount(raw));
  const { k, foldOf } = planFolds(raw, requestedFolds, seed, groupedBy);
  const predicted = BASELINE_NAMES.map(() => new Int32Array(indexes.length));
  for (let f = 0; f < k; f++) {
    await nextTurn();
    const test = indexes.filter((i) => foldOf.get(i) === f);
    const train = indexes.filter((i) => foldOf.get(i) !== f);
    baselinePredictions(tf, subset(raw, train), subset(raw, test), seed + f).forEach((p, b) => test.forEach((i, j) => (predicted[b]![i] = p[j]!)));
  }
  return BASELINE_NAMES.map((name, b) => ({ name, metrics: classificationMetrics(raw.y, predicted[b]!, raw.labels) }));
}

/**
 * The later recordings: the last `fraction` of each class's samples in recording order (CSV rows;
 * a dataset's sources by name, frames by time), the rest before them for training. `among` limits
 * both to those samples (the earlier part's own later part, for choosing without the held-out rows).
 */
export function laterRecordingsSplit(
  set: LabelledSet,
  fraction: number,
  among: readonly number[] = allIndexes(sampleCount(set)),
): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  set.labels.forEach((_, c) => {
    const ofClass = [...among].sort((a, b) => a - b).filter((i) => set.y[i] === c);
    const cut = ofClass.length - Math.round(ofClass.length * fraction);
    train.push(...ofClass.slice(0, cut));
    test.push(...ofClass.slice(cut));
  });
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Fitted on `train` (its own validation groups for early stopping), tested on `test`: the hold-out's metrics. */
export async function holdoutMetrics(set: LabelledSet, train: number[], test: number[], fit: FitOptions): Promise<Metrics> {
  const tf = await loadTf();
  await nextTurn();
  const split = splitValidation(set, train, fit.validationFraction, fit.seed);
  const fitted = fitNetwork(tf, set, split.train, split.val, fit);
  const testSet = subset(set, test);
  const predicted = argmaxRows(predictScores(tf, fitted.network, testSet.x), set.labels.length);
  fitted.network.model.dispose();
  return classificationMetrics(testSet.y, predicted, set.labels);
}

export async function crossValidate(
  set: LabelledSet,
  requestedFolds: number,
  fit: FitOptions,
  groupedBy: string,
  progress?: (folds: number) => Progress,
): Promise<CrossValidation> {
  const tf = await loadTf();
  const started = performance.now();
  const indexes = allIndexes(sampleCount(set));
  const { k, foldOf } = planFolds(set, requestedFolds, fit.seed, groupedBy);
  const bar = progress?.(k);
  const predicted = new Int32Array(indexes.length);
  const perFold: Metrics[] = [];
  const histories: EpochRecord[][] = [];
  for (let f = 0; f < k; f++) {
    await nextTurn();
    const test = indexes.filter((i) => foldOf.get(i) === f);
    const { train, val } = splitValidation(
      set,
      indexes.filter((i) => foldOf.get(i) !== f),
      fit.validationFraction,
      fit.seed + f,
    );
    const result = fitNetwork(tf, set, train, val, fit);
    const testSet = subset(set, test);
    const foldPredictions = argmaxRows(predictScores(tf, result.network, testSet.x), set.labels.length);
    result.network.model.dispose();
    test.forEach((i, j) => (predicted[i] = foldPredictions[j]!));
    perFold.push(classificationMetrics(testSet.y, foldPredictions, set.labels));
    histories.push(result.history);
    log.info('fold done', { fold: f + 1, of: k, accuracy: perFold.at(-1)!.accuracy, epochs: result.history.length });
    bar?.tick(1, `fold ${f + 1} accuracy ${pct(perFold.at(-1)!.accuracy)}`);
  }
  bar?.done();
  return {
    folds: k,
    groupedBy,
    metrics: classificationMetrics(set.y, predicted, set.labels),
    worstGroups: groupErrors(set, predicted).slice(0, WORST_GROUPS),
    perFold,
    histories,
    durationMs: performance.now() - started,
  };
}

/** Misclassified samples per group, groups with errors only, most errors first (ties: first seen). */
export function groupErrors(set: LabelledSet, predicted: Int32Array): GroupErrors[] {
  const byGroup = new Map<string, GroupErrors>();
  set.groups.forEach((group, i) => {
    const entry = byGroup.get(group) ?? { group, label: set.labels[set.y[i]!]!, samples: 0, errors: 0 };
    entry.samples++;
    if (predicted[i] !== set.y[i]) entry.errors++;
    byGroup.set(group, entry);
  });
  return [...byGroup.values()].filter((g) => g.errors > 0).sort((a, b) => b.errors - a.errors);
}

/** sha256 over everything the model learns from, so a card names its exact training data. */
export function trainingDataHash(set: LabelledSet): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ spec: canonicalFeatureSpec(set.spec), shape: set.shape, labels: set.labels }));
  hash.update(new Uint8Array(set.x.buffer, set.x.byteOffset, set.x.byteLength));
  hash.update(new Uint8Array(set.y.buffer, set.y.byteOffset, set.y.byteLength));
  hash.update(set.groups.join('\n'));
  return hash.digest('hex');
}

export interface TrainedModel {
  card: ModelCard;
  history: EpochRecord[];
  bestEpoch: number;
  modelBytes: number;
}

export interface ExportRequest {
  set: LabelledSet;
  kind: ModelKind;
  source: string;
  out: string;
  fit: FitOptions;
  minScore: number;
  crossValidation?: CrossValidation;
  estimates?: Estimate[];
  selection?: Selection;
  layout?: CsvLayout;
  blockSize?: number;
}

/** Fits on all data (minus validation groups), exports to ONNX, checks ONNX against tfjs, writes the card. */
export async function trainAndExport(request: ExportRequest): Promise<TrainedModel> {
  const { set, fit, out } = request;
  const tf = await loadTf();
  const started = performance.now();
  const { train, val } = splitValidation(set, allIndexes(sampleCount(set)), fit.validationFraction, fit.seed);
  const result = fitNetwork(tf, set, train, val, fit);
  const durationMs = performance.now() - started;
  const expected = predictScores(tf, result.network, set.x);
  const onnx = encodeModel(networkToOnnx(result.network, { labels: JSON.stringify(set.labels) }));
  result.network.model.dispose();

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MODEL_FILE), onnx);
  const counts = classCounts(set.y, set.labels.length);
  const cv = request.crossValidation;
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    version: 1,
    kind: request.kind,
    labels: set.labels,
    features: set.spec,
    window: 'window' in set.spec ? set.spec.window : 1,
    input: { name: ONNX_INPUT, shape: set.shape },
    output: { name: ONNX_OUTPUT },
    thresholds: { minScore: request.minScore },
    metrics: {
      ...(cv && {
        crossValidation: {
          folds: cv.folds,
          groupedBy: cv.groupedBy,
          n: cv.metrics.n,
          accuracy: cv.metrics.accuracy,
          accuracy_ci95: cv.metrics.accuracy_ci95,
          macro_f1: cv.metrics.macro_f1,
          ...(cv.metrics.warning && { warning: cv.metrics.warning }),
        },
      }),
      ...(request.estimates && {
        estimates: request.estimates.map((e) => ({
          name: e.name,
          model: { name: e.model.name, n: e.model.metrics.n, accuracy: e.model.metrics.accuracy, accuracy_ci95: e.model.metrics.accuracy_ci95 },
          baselines: e.baselines.map((b) => ({ name: b.name, accuracy: b.metrics.accuracy, accuracy_ci95: b.metrics.accuracy_ci95 })),
          ...(e.warning && { warning: e.warning }),
        })),
      }),
      exportMaxAbsDiff: 0,
    },
    training: {
      dataHash: trainingDataHash(set),
      source: request.source,
      samples: sampleCount(set),
      classCounts: Object.fromEntries(set.labels.map((l, i) => [l, counts[i]!])),
      seed: fit.seed,
      epochs: result.history.length,
      durationMs: Math.round(durationMs),
      backend: tf.getBackend(),
      ...(request.layout && { layout: request.layout }),
      ...(request.blockSize && { blockSize: request.blockSize }),
      ...(request.selection && {
        selection: {
          features: request.selection.features.name,
          size: request.selection.size.name,
          hidden: fit.hidden,
          layers: fit.layers,
          chosenOn: request.selection.chosenOn,
          candidates: request.selection.scores,
        },
      }),
    },
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(out, MODEL_CARD_FILE), JSON.stringify(card, null, 2) + '\n');

  // The exported graph must compute what tfjs computed, on every training sample.
  const model = await GestureModel.load(out);
  const actual = await model.scores(set.x);
  await model.close();
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(expected[i]! - actual[i]!));
  card.metrics.exportMaxAbsDiff = maxDiff;
  writeFileSync(join(out, MODEL_CARD_FILE), JSON.stringify(card, null, 2) + '\n');
  if (!(maxDiff <= EXPORT_TOLERANCE)) throw new Error(`ONNX export differs from tfjs by ${maxDiff} (limit ${EXPORT_TOLERANCE})`);
  log.info('model written', { out, modelBytes: onnx.byteLength, exportMaxAbsDiff: maxDiff, epochs: result.history.length });
  return { card, history: result.history, bestEpoch: result.bestEpoch, modelBytes: onnx.byteLength };
}
