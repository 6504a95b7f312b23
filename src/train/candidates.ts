// What the workbench chooses between: feature specs derived from the data's default spec (wrist-
// relative coordinates in palm units with finger angles, the angles alone, the same rotated upright,
// the coordinates as given; a trajectory's path shape or its points as given) and network sizes.
// The baselines always read the coordinates as given.
import type { FeatureSpec } from '../features/index.js';
import type { FitOptions } from './fit.js';

export interface FeatureCandidate {
  /** Short name for reports and `--features`. */
  name: string;
  spec: FeatureSpec;
}

export interface SizeCandidate {
  name: string;
  hidden: number;
  layers: 1 | 2;
}

/**
 * Hand options of each named feature candidate (hand-based kinds), in order of preference: the first
 * is used when nothing can be chosen (no cross-validation), and wins ties.
 */
const HAND_VARIANTS = {
  'palm+angles': { scale: 'palm', rotate: false, angles: true, coordinates: true },
  angles: { scale: 'extent', rotate: false, angles: true, coordinates: false },
  'upright+angles': { scale: 'palm', rotate: true, angles: true, coordinates: true },
  'as-given': { scale: 'extent', rotate: false, angles: false, coordinates: true },
} as const;

const TRAJECTORY_VARIANTS = { 'path-shape': 'shape', 'as-given': 'raw' } as const;

export const FEATURE_CANDIDATE_NAMES = [...new Set([...Object.keys(HAND_VARIANTS), ...Object.keys(TRAJECTORY_VARIANTS)])];

/** The feature candidates for data whose default spec is `base`. */
export function featureCandidates(base: FeatureSpec): FeatureCandidate[] {
  if (base.kind === 'trajectory') {
    // The points as given keep every step: maxStep belongs to the shape encoding only.
    const { maxStep, ...rest } = base;
    return Object.entries(TRAJECTORY_VARIANTS).map(([name, encoding]) => ({
      name,
      spec: encoding === 'shape' ? { ...rest, encoding, ...(maxStep !== undefined && { maxStep }) } : { ...rest, encoding },
    }));
  }
  return Object.entries(HAND_VARIANTS).map(([name, options]) => ({ name, spec: { ...base, ...options } }));
}

/** The coordinates as given (wrist-relative, or relative to a path's first point): what the baselines read. */
export function asGivenSpec(base: FeatureSpec): FeatureSpec {
  return featureCandidates(base).find((c) => c.name === 'as-given')!.spec;
}

export const SIZE_CANDIDATES: SizeCandidate[] = [
  { name: '64-32', hidden: 64, layers: 2 },
  { name: '128-64', hidden: 128, layers: 2 },
];

export function withSize(fit: FitOptions, size: SizeCandidate): FitOptions {
  return { ...fit, hidden: size.hidden, layers: size.layers };
}
