// Import of landmark CSVs with a declared layout (label first, then coordinates), as recorded by
// Kazuhito00/hand-gesture-recognition-using-mediapipe. Rows of one class are consecutive video
// frames, so rows are grouped into blocks of consecutive rows that folds never split.
import { readFileSync } from 'node:fs';
import { computeFeatures, featureShape, FEATURE_SPEC_VERSION, type FeatureSpec } from '../features/index.js';
import type { Landmark } from '../types.js';
import { UserError } from '../util/errors.js';
import { collectSamples, type LabelledSet } from './samples.js';

export const CSV_LAYOUTS = ['hand21-xy', 'trajectory16-xy'] as const;
export type CsvLayout = (typeof CSV_LAYOUTS)[number];

const pointsPerRow: Record<CsvLayout, number> = { 'hand21-xy': 21, 'trajectory16-xy': 16 };

export interface CsvOptions {
  /** Consecutive rows of one label per group. */
  blockSize?: number;
  /** The features to compute (a trained model's); by default csvFeatureSpec(layout, options). */
  spec?: FeatureSpec;
  /** trajectory16-xy: the frame rate the trajectories were recorded at. */
  fps?: number;
}

export const DEFAULT_BLOCK_SIZE = 100;

export function parseLayout(text: string): CsvLayout {
  if ((CSV_LAYOUTS as readonly string[]).includes(text)) return text as CsvLayout;
  throw new UserError(`unknown CSV layout "${text}" (expected ${CSV_LAYOUTS.join(' or ')})`);
}

/**
 * A step of more than a fifth of the image in one frame is no fingertip motion: the recorder of these
 * files writes a frame without the pointing hand as the image origin. In fingertip_trajectories.csv the
 * earlier 75% of each class has no real step above 0.08 and every such jump is above 0.47.
 */
export const TRAJECTORY_MAX_STEP = 0.2;

/**
 * A layout's default feature spec: wrist-relative points in palm units with finger angles, not rotated
 * (a pose such as pointing left is its orientation); trajectories as path shapes without tracking
 * jumps. Training chooses among variants of it (candidates.ts).
 */
export function csvFeatureSpec(layout: CsvLayout, options: CsvOptions = {}): FeatureSpec {
  return layout === 'hand21-xy'
    ? { version: FEATURE_SPEC_VERSION, kind: 'hand-pose', rotate: false, angles: true, coordinates: true, scale: 'palm', useZ: false, handedness: 'ignore' }
    : { version: FEATURE_SPEC_VERSION, kind: 'trajectory', point: 8, encoding: 'shape', maxStep: TRAJECTORY_MAX_STEP, window: 16, fps: options.fps ?? 30 };
}

export interface CsvRow {
  line: number;
  label: string;
  points: { x: number; y: number }[];
}

/** Parses and checks every row; the first bad one throws a one-line UserError naming file and line. */
export function parseLandmarkCsv(text: string, layout: CsvLayout, name: string): CsvRow[] {
  const points = pointsPerRow[layout];
  const columns = 1 + 2 * points;
  const rows: CsvRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells.slice(1).some((c) => c !== '' && Number.isNaN(Number(c)))) return; // header
    if (cells.length !== columns) {
      throw new UserError(`${name} line ${i + 1}: layout ${layout} needs ${columns} columns (label + ${points} x,y points), got ${cells.length}`);
    }
    const label = cells[0]!;
    if (!label) throw new UserError(`${name} line ${i + 1}: empty label`);
    const values = cells.slice(1).map(Number);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new UserError(`${name} line ${i + 1}: column ${bad + 2} is not a number ("${cells[bad + 1]}")`);
    rows.push({ line: i + 1, label, points: Array.from({ length: points }, (_, p) => ({ x: values[2 * p]!, y: values[2 * p + 1]! })) });
  });
  if (rows.length === 0) throw new UserError(`${name}: no data rows`);
  return rows;
}

/** Group names: runs of one label cut into blocks of blockSize consecutive rows, named by label and data rows (1-based). */
export function consecutiveBlocks(labels: readonly string[], blockSize: number): string[] {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new UserError(`block size must be a positive integer, got ${blockSize}`);
  const starts: number[] = [];
  let inRun = 0;
  labels.forEach((label, i) => {
    inRun = i > 0 && label === labels[i - 1] ? inRun + 1 : 0;
    starts.push(inRun % blockSize === 0 ? i : starts[i - 1]!);
  });
  // The last row of each block, by its first row.
  const ends = new Map<number, number>();
  starts.forEach((start, i) => ends.set(start, i));
  return labels.map((label, i) => `${label} rows ${starts[i]! + 1}–${ends.get(starts[i]!)! + 1}`);
}

export function rowsToSet(rows: readonly CsvRow[], layout: CsvLayout, options: CsvOptions = {}): LabelledSet {
  const spec = options.spec ?? csvFeatureSpec(layout, options);
  const expected = csvFeatureSpec(layout).kind;
  if (spec.kind !== expected) throw new UserError(`CSV layout ${layout} gives ${expected} features, not ${spec.kind}`);
  const groups = consecutiveBlocks(
    rows.map((r) => r.label),
    options.blockSize ?? DEFAULT_BLOCK_SIZE,
  );
  return collectSamples(
    spec,
    featureShape(spec),
    rows.map((row, i) => ({
      label: row.label,
      group: groups[i]!,
      features:
        layout === 'hand21-xy'
          ? computeFeatures(spec, { kind: 'hand-pose', hand: { landmarks: row.points.map((p): Landmark => ({ ...p, z: 0 })) } })
          : // The layout's points are already divided by the image size.
            computeFeatures(spec, {
              kind: 'trajectory',
              points: row.points.slice(0, spec.kind === 'trajectory' ? spec.window : undefined),
              imageWidth: 1,
              imageHeight: 1,
            }),
    })),
  );
}

/** The checked rows of a landmark CSV file. */
export function readLandmarkCsvRows(path: string, layout: CsvLayout): CsvRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read CSV ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseLandmarkCsv(text, layout, path);
}

export function readLandmarkCsv(path: string, layout: CsvLayout, options: CsvOptions = {}): LabelledSet {
  return rowsToSet(readLandmarkCsvRows(path, layout), layout, options);
}
