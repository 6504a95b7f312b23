// Turns a dataset file's recorded hands into training samples for one model kind. The group of every
// sample is its source file, so frames of one clip or image never sit on both sides of a split.
import { computeFeatures, featureShape, FEATURE_SPEC_VERSION, type FeatureSpec, type HandInput } from '../../features/index.js';
import type { HandObservation } from '../../types.js';
import { UserError } from '../../util/errors.js';
import type { ModelKind } from '../models.js';
import { collectSamples, type LabelledSet } from '../samples.js';
import type { DatasetContents, FrameRecord } from './store.js';

export interface DatasetSetOptions {
  kind: ModelKind;
  /** Temporal: frames per window. */
  window?: number;
}

export const DEFAULT_WINDOW = 8;

function area(hand: HandObservation): number {
  return hand.box.width * hand.box.height;
}

/** Largest hands first: in a labelled photo the gesture is usually the most prominent hand. */
function largest(hands: readonly HandObservation[], count: number): HandObservation[] {
  return [...hands].sort((a, b) => area(b) - area(a)).slice(0, count);
}

function toInput(hand: HandObservation): HandInput {
  return { landmarks: hand.landmarks, handedness: hand.handedness };
}

export function datasetFeatureSpec(contents: DatasetContents, options: DatasetSetOptions): FeatureSpec {
  const common = { version: FEATURE_SPEC_VERSION, rotate: false, useZ: true, angles: true, coordinates: true, scale: 'palm' } as const;
  switch (options.kind) {
    case 'pose':
      return { ...common, kind: 'hand-pose', handedness: 'mirror' };
    case 'two-hand':
      return { ...common, kind: 'two-hand-pose', handedness: 'feature' };
    case 'temporal':
      return { ...common, kind: 'hand-temporal', handedness: 'mirror', window: options.window ?? DEFAULT_WINDOW, fps: contents.header.fps };
  }
}

/** Runs of consecutive sampled frames of one source with one label and a hand in each. */
function handRuns(frames: readonly FrameRecord[]): FrameRecord[][] {
  const runs: FrameRecord[][] = [];
  let run: FrameRecord[] = [];
  frames.forEach((f, i) => {
    const previous = frames[i - 1];
    const continues = previous && previous.source === f.source && previous.label === f.label && previous.hands.length > 0;
    if (!continues && run.length) {
      runs.push(run);
      run = [];
    }
    if (f.hands.length) run.push(f);
  });
  if (run.length) runs.push(run);
  return runs;
}

/** In a run, the hand that continues the previous frame's track (else the largest). */
function followHand(run: readonly FrameRecord[]): HandObservation[] {
  const chosen: HandObservation[] = [];
  for (const frame of run) {
    const previous = chosen.at(-1);
    chosen.push(frame.hands.find((h) => previous && h.trackId === previous.trackId) ?? largest(frame.hands, 1)[0]!);
  }
  return chosen;
}

/** Samples of the given features (datasetFeatureSpec for training, a model card's for evaluation). */
export function datasetToSet(contents: DatasetContents, spec: FeatureSpec): LabelledSet {
  const shape = featureShape(spec);
  const records: { features: Float32Array; label: string; group: string }[] = [];
  if (spec.kind === 'hand-temporal') {
    for (const run of handRuns(contents.frames)) {
      const hands = followHand(run);
      for (let end = spec.window; end <= run.length; end++) {
        records.push({
          features: computeFeatures(spec, { kind: 'hand-temporal', frames: hands.slice(end - spec.window, end).map(toInput) }),
          label: run[0]!.label,
          group: run[0]!.source,
        });
      }
    }
  } else if (spec.kind === 'trajectory') {
    throw new UserError('trajectory features come from landmark CSVs (--csv --layout trajectory16-xy), not from datasets');
  } else {
    const needed = spec.kind === 'two-hand-pose' ? 2 : 1;
    for (const frame of contents.frames) {
      if (frame.hands.length < needed) continue;
      const hands = largest(frame.hands, needed).map(toInput);
      const features =
        spec.kind === 'two-hand-pose'
          ? computeFeatures(spec, { kind: 'two-hand-pose', hands: [hands[0]!, hands[1]!] })
          : computeFeatures(spec, { kind: 'hand-pose', hand: hands[0]! });
      records.push({ features, label: frame.label, group: frame.source });
    }
  }
  const set = collectSamples(spec, shape, records);
  if (set.labels.length < 2) {
    throw new UserError(
      `${spec.kind} features need samples of at least 2 labels; the dataset gives ${set.y.length} sample(s) of ${set.labels.length} label(s)` +
        (spec.kind === 'hand-temporal' ? ` (windows of ${spec.window} consecutive frames with a hand)` : ''),
    );
  }
  return set;
}
