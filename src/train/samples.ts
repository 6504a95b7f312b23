// A labelled feature set: what datasets and CSVs become, and what training and evaluation consume.
import { UserError } from '../util/errors.js';
import type { FeatureSpec } from '../features/index.js';

export interface LabelledSet {
  spec: FeatureSpec;
  /** Shape of one sample (featureShape(spec)). */
  shape: number[];
  /** Class names; y holds indexes into it. */
  labels: string[];
  /** Samples row-major, n * product(shape). */
  x: Float32Array;
  y: Int32Array;
  /** The group of each sample (source file, or block of consecutive CSV rows): never split across folds. */
  groups: string[];
}

export function sampleCount(set: LabelledSet): number {
  return set.y.length;
}

/** Values in one sample of the given shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function sampleSize(set: LabelledSet): number {
  return shapeSize(set.shape);
}

/** The samples at the given indexes, as a new set. */
export function subset(set: LabelledSet, indexes: readonly number[]): LabelledSet {
  const size = sampleSize(set);
  const x = new Float32Array(indexes.length * size);
  const y = new Int32Array(indexes.length);
  indexes.forEach((from, to) => {
    x.set(set.x.subarray(from * size, (from + 1) * size), to * size);
    y[to] = set.y[from]!;
  });
  return { ...set, x, y, groups: indexes.map((i) => set.groups[i]!) };
}

/** Counts per class index. */
export function classCounts(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]!++;
  return counts;
}

/** Builds a set from per-sample records, labels in first-seen order. */
export function collectSamples(spec: FeatureSpec, shape: number[], records: Iterable<{ features: Float32Array; label: string; group: string }>): LabelledSet {
  const size = shapeSize(shape);
  const labels: string[] = [];
  const chunks: Float32Array[] = [];
  const y: number[] = [];
  const groups: string[] = [];
  for (const r of records) {
    let index = labels.indexOf(r.label);
    if (index < 0) index = labels.push(r.label) - 1;
    chunks.push(r.features);
    y.push(index);
    groups.push(r.group);
  }
  const x = new Float32Array(chunks.length * size);
  chunks.forEach((c, i) => x.set(c, i * size));
  return { spec, shape, labels, x, y: Int32Array.from(y), groups };
}

/** Renumbers y onto another label list (a trained model's); labels it lacks are a user error. */
export function alignLabels(set: LabelledSet, labels: readonly string[]): LabelledSet {
  const unknown = set.labels.filter((l) => !labels.includes(l));
  if (unknown.length) throw new UserError(`label(s) ${unknown.join(', ')} not known to the model (it knows ${labels.join(', ')})`);
  const map = set.labels.map((l) => labels.indexOf(l));
  return { ...set, labels: [...labels], y: Int32Array.from(set.y, (c) => map[c]!) };
}
