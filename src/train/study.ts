// The workbench's evaluation plan. The feature spec and model size are chosen on the earlier
// recordings alone, by grouped k-fold and by the earlier part's own later recordings; then two
// estimates, each beside the baselines on the same rows: grouped k-fold over all rows, and the later
// recordings (last part of each class) held out, which the choice never saw and which stands for
// what a deployed model meets.
import type { FeatureSpec } from '../features/index.js';
import { UserError } from '../util/errors.js';
import { createLogger } from '../util/log.js';
import { baselinePredictions, BASELINE_NAMES } from './baselines.js';
import { asGivenSpec, featureCandidates, SIZE_CANDIDATES, withSize, type FeatureCandidate, type SizeCandidate } from './candidates.js';
import { makeEstimate, type Estimate } from './compare.js';
import type { FitOptions } from './fit.js';
import { minGroupsPerClass } from './folds.js';
import { classificationMetrics, pct } from './metrics.js';
import type { Progress } from './progress.js';
import { subset, type LabelledSet } from './samples.js';
import { loadTf } from './tf.js';
import { crossValidate, crossValidateBaselines, holdoutMetrics, laterRecordingsSplit, type CrossValidation } from './workbench.js';

const log = createLogger('train');

/** Share of each class's samples, the last ones, held out as the later recordings. */
export const LATER_FRACTION = 0.25;

/**
 * Fits (seeds) averaged for a candidate's later-part accuracy: one fit of the same candidate on the
 * earlier static rows scored 95.1% to 98.1% by seed alone, more than the candidates differ.
 */
export const LATER_PART_SEEDS = 3;

export interface CandidateScore {
  features: string;
  size: string;
  /** Grouped k-fold. */
  accuracy: number;
  accuracy_ci95: [number, number];
  /**
   * Fitted on the first part of each class's rows and tested on the rest, all within the rows chosen
   * on; the mean over LATER_PART_SEEDS seeds.
   */
  later?: number;
  /** What the choice compares: the mean of the two accuracies (k-fold alone where there is no later part). */
  score: number;
}

export interface Selection {
  features: FeatureCandidate;
  size: SizeCandidate;
  /** The rows the choice was made on. */
  chosenOn: string;
  scores: CandidateScore[];
}

export interface StudyOptions {
  /** The samples of a feature spec, all rows in recording order (the same rows for every spec). */
  build: (spec: FeatureSpec) => LabelledSet;
  baseSpec: FeatureSpec;
  folds: number;
  fit: FitOptions;
  groupedBy: string;
  /** Use this feature candidate instead of choosing. */
  features?: string;
  /** Use this model size instead of choosing. */
  size?: string;
  /** A progress bar for each cross-validation. */
  progress?: (folds: number) => Progress;
}

export interface Study {
  selection: Selection;
  /** All rows, with the chosen features. */
  set: LabelledSet;
  /** The fit options with the chosen size. */
  fit: FitOptions;
  crossValidation: CrossValidation;
  estimates: Estimate[];
  /** Why there is no later-recordings estimate, when there is none. */
  noHoldout?: string;
}

function pick<T extends { name: string }>(all: T[], name: string | undefined, what: string): T[] {
  if (name === undefined) return all;
  const found = all.filter((c) => c.name === name);
  if (!found.length) throw new UserError(`unknown ${what} "${name}" for this data (expected ${all.map((c) => c.name).join(', ')})`);
  return found;
}

/**
 * The later part of `set` (the last LATER_FRACTION of each class) to score candidates on as well as
 * by k-fold, when both of its sides have every class and the training side has groups to stop by.
 */
function laterWithin(set: LabelledSet): { train: number[]; test: number[] } | undefined {
  const split = laterRecordingsSplit(set, LATER_FRACTION);
  const classes = (part: number[]) => new Set(part.map((i) => set.y[i])).size;
  if (classes(split.train) < set.labels.length || classes(split.test) < set.labels.length) return undefined;
  return minGroupsPerClass(set.y, set.groups, split.train) >= 2 ? split : undefined;
}

/**
 * The candidate with the best score on `rows` (all rows when undefined): the mean of its grouped k-fold
 * accuracy and its accuracy on the later part of those rows, fitted on the part before (a deployed
 * model meets later recordings; k-fold alone chose features that lost there). Ties: the one listed first.
 */
async function choose(options: StudyOptions, rows: number[] | undefined, chosenOn: string): Promise<Selection> {
  const features = pick(featureCandidates(options.baseSpec), options.features, 'feature spec');
  const sizes = pick(SIZE_CANDIDATES, options.size, 'model size');
  const scores: CandidateScore[] = [];
  const score = async (f: FeatureCandidate, s: SizeCandidate) => {
    const all = options.build(f.spec);
    const set = rows ? subset(all, rows) : all;
    const fit = withSize(options.fit, s);
    const cv = await crossValidate(set, options.folds, fit, options.groupedBy, options.progress);
    const split = laterWithin(set);
    let later: number | undefined;
    if (split) {
      let sum = 0;
      for (let k = 0; k < LATER_PART_SEEDS; k++) sum += (await holdoutMetrics(set, split.train, split.test, { ...fit, seed: fit.seed + k })).accuracy;
      later = sum / LATER_PART_SEEDS;
    }
    const entry: CandidateScore = {
      features: f.name,
      size: s.name,
      accuracy: cv.metrics.accuracy,
      accuracy_ci95: cv.metrics.accuracy_ci95,
      ...(later !== undefined && { later }),
      score: later === undefined ? cv.metrics.accuracy : (cv.metrics.accuracy + later) / 2,
    };
    log.info('candidate', { ...entry });
    scores.push(entry);
    return entry.score;
  };
  // Features at the first size, then the other sizes with the best features: fewer fits than every pair.
  let best = { features: features[0]!, size: sizes[0]!, score: -1 };
  if (features.length > 1 || sizes.length > 1) {
    for (const f of features) {
      const value = await score(f, sizes[0]!);
      if (value > best.score) best = { features: f, size: sizes[0]!, score: value };
    }
    for (const s of sizes.slice(1)) {
      const value = await score(best.features, s);
      if (value > best.score) best = { ...best, size: s, score: value };
    }
  }
  return { features: best.features, size: best.size, chosenOn, scores };
}

/** Without cross-validation there is nothing to choose by: the named candidates, else the first ones listed. */
export function fixedSelection(baseSpec: FeatureSpec, features?: string, size?: string): Selection {
  return {
    features: pick(featureCandidates(baseSpec), features, 'feature spec')[0]!,
    size: pick(SIZE_CANDIDATES, size, 'model size')[0]!,
    chosenOn: features || size ? 'the command line (no cross-validation)' : 'nothing (no cross-validation): the first candidates listed',
    scores: [],
  };
}

export async function runStudy(options: StudyOptions): Promise<Study> {
  const raw = options.build(asGivenSpec(options.baseSpec));
  const { train: earlier, test: later } = laterRecordingsSplit(raw, LATER_FRACTION);
  const earlierGroups = minGroupsPerClass(raw.y, raw.groups, earlier);
  const holdout = later.length > 0 && earlierGroups >= 2 && new Set(later.map((i) => raw.y[i])).size === raw.labels.length;
  const noHoldout = holdout
    ? undefined
    : `the earlier recordings have ${earlierGroups} ${options.groupedBy} in their smallest class: too few to choose on and hold the later ones out`;

  const selection = await choose(
    options,
    holdout ? earlier : undefined,
    holdout ? `the earlier ${Math.round(100 * (1 - LATER_FRACTION))}% of each class` : 'all rows',
  );
  const set = options.build(selection.features.spec);
  const fit = withSize(options.fit, selection.size);
  const modelName = `${selection.features.name}, ${selection.size.name}`;

  const crossValidation = await crossValidate(set, options.folds, fit, options.groupedBy, options.progress);
  const baselineCv = await crossValidateBaselines(raw, options.folds, options.fit.seed, options.groupedBy);
  const estimates = [makeEstimate(`grouped ${crossValidation.folds}-fold`, { name: modelName, metrics: crossValidation.metrics }, baselineCv)];

  if (holdout) {
    const metrics = await holdoutMetrics(set, earlier, later, fit);
    const baselines = baselinePredictions(await loadTf(), subset(raw, earlier), subset(raw, later), options.fit.seed);
    const actual = subset(raw, later).y;
    estimates.push(
      makeEstimate(
        `later recordings (last ${Math.round(100 * LATER_FRACTION)}% of each class)`,
        { name: modelName, metrics },
        BASELINE_NAMES.map((name, b) => ({ name, metrics: classificationMetrics(actual, baselines[b]!, set.labels) })),
      ),
    );
  }
  return { selection, set, fit, crossValidation, estimates, ...(noHoldout && { noHoldout }) };
}

/** One line: what was chosen, on what, and every candidate's grouped k-fold accuracy, best first. */
export function selectionLine(selection: Selection): string {
  const head = `features ${selection.features.name}, network ${selection.size.name}, chosen on ${selection.chosenOn}`;
  if (!selection.scores.length) return head;
  const ranked = rankedCandidates(selection);
  return `${head} by grouped k-fold and the later part: ${ranked.map(candidateText).join(', ')}`;
}

/** The candidates, best score first. */
export function rankedCandidates(selection: Selection): CandidateScore[] {
  return [...selection.scores].sort((a, b) => b.score - a.score);
}

/** A candidate's name with its k-fold and later-part accuracies. */
export function candidateText(c: CandidateScore): string {
  return `${c.features}/${c.size} ${pct(c.accuracy)}${c.later === undefined ? '' : ` (later ${pct(c.later)})`}`;
}
