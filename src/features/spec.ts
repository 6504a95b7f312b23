// The feature spec: what a gesture model was trained on. It travels in the model card so the daemon
// computes exactly the same numbers as training did. Bump FEATURE_SPEC_VERSION when any formula changes.
import { z } from 'zod';

export const FEATURE_SPEC_VERSION = 2;

/** How handedness enters a hand's features: as a ±1 value, by mirroring left hands onto right ones, or not at all. */
export const handednessModeSchema = z.enum(['feature', 'mirror', 'ignore']);
export type HandednessMode = z.infer<typeof handednessModeSchema>;

/**
 * The length unit of a hand: `palm` (wrist to middle-finger base) or `extent` (the largest |x| or |y|
 * from the wrist, the unit the landmark CSVs are stored in).
 */
export const handScaleSchema = z.enum(['palm', 'extent']);
export type HandScale = z.infer<typeof handScaleSchema>;

const handOptions = {
  /** Rotate each hand so the wrist → middle-finger base points up (removes in-plane rotation). */
  rotate: z.boolean().default(false),
  /** Include depth (z); off for sources that have none, such as the 2-D landmark CSVs. */
  useZ: z.boolean().default(false),
  /** Add finger joint bend angles and fingertip reach: invariant to rotation, robust for poses. */
  angles: z.boolean().default(false),
  /** Include the landmark coordinates; off leaves the angle features alone. */
  coordinates: z.boolean().default(true),
  scale: handScaleSchema.default('palm'),
};

export const featureSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    version: z.literal(FEATURE_SPEC_VERSION),
    kind: z.literal('hand-pose'),
    ...handOptions,
    handedness: handednessModeSchema.default('mirror'),
  }),
  z.object({
    version: z.literal(FEATURE_SPEC_VERSION),
    kind: z.literal('two-hand-pose'),
    ...handOptions,
    // Mirroring would swap which hand is where, so two-hand features keep handedness as a value or drop it.
    handedness: z.enum(['feature', 'ignore']).default('feature'),
  }),
  z.object({
    version: z.literal(FEATURE_SPEC_VERSION),
    kind: z.literal('hand-temporal'),
    ...handOptions,
    handedness: handednessModeSchema.default('mirror'),
    /** Frames per window. */
    window: z.number().int().min(2).max(256),
    /** The frame rate windows are sampled at; the daemon resamples its frames to it. */
    fps: z.number().positive().max(240),
  }),
  z.object({
    version: z.literal(FEATURE_SPEC_VERSION),
    kind: z.literal('trajectory'),
    /** Which landmark is followed (8: index fingertip). */
    point: z.number().int().min(0).max(20).default(8),
    /**
     * `shape`: each step in units of the path's length, then whole-path descriptors; `raw`: the points
     * relative to the first one in image units, as the trajectory CSVs store them.
     */
    encoding: z.enum(['shape', 'raw']).default('shape'),
    /**
     * `shape` only: a step longer than this (image sizes per frame at \`fps\`) is a tracking jump, not
     * motion, and counts as standing still. Absent: every step counts (specs before it was added).
     */
    maxStep: z.number().positive().optional(),
    window: z.number().int().min(2).max(256),
    fps: z.number().positive().max(240),
  }),
]);

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type FeatureKind = FeatureSpec['kind'];

/** Whole-path descriptors after a trajectory's steps (see trajectoryFeatures). */
export const PATH_DESCRIPTORS = 6;

/** Three joint bends per finger and five fingertip reaches. */
export const ANGLE_FEATURES = 5 * 3 + 5;

/** Values per hand: 21 landmarks of 2 or 3 coordinates, the angle features, one for handedness as a feature. */
export function handDimension(spec: { useZ: boolean; angles?: boolean; coordinates?: boolean; handedness: HandednessMode }): number {
  const coordinates = (spec.coordinates ?? true) ? 21 * (spec.useZ ? 3 : 2) : 0;
  return coordinates + (spec.angles ? ANGLE_FEATURES : 0) + (spec.handedness === 'feature' ? 1 : 0);
}

/** The shape of one feature sample: [n] for poses, [window, channels] for time windows. */
export function featureShape(spec: FeatureSpec): number[] {
  switch (spec.kind) {
    case 'hand-pose':
      return [handDimension(spec)];
    case 'two-hand-pose':
      // Both hands, then the second wrist relative to the first (x, y) and the log ratio of palm sizes.
      return [2 * handDimension(spec) + 3];
    case 'hand-temporal':
      // Per frame: hand pose and wrist position, each with its frame-to-frame velocity.
      return [spec.window, 2 * (handDimension(spec) + 2)];
    case 'trajectory':
      // Raw: every point (x, y). Shape: each step between frames (x, y), then the whole path's descriptors.
      return [spec.encoding === 'raw' ? 2 * spec.window : 2 * (spec.window - 1) + PATH_DESCRIPTORS];
  }
}

/** A spec as text with its keys sorted, so equal specs give equal text whatever their key order. */
export function canonicalFeatureSpec(spec: FeatureSpec): string {
  return JSON.stringify(Object.entries(spec).sort(([x], [y]) => x.localeCompare(y)));
}

export function sameFeatureSpec(a: FeatureSpec, b: FeatureSpec): boolean {
  return canonicalFeatureSpec(a) === canonicalFeatureSpec(b);
}
