// Matching our hands (or people's poses) to reference ones in one image, and the parity figures from the matches.
import type { Landmark } from '../../src/types.js';

export interface ComparedHand {
  landmarks: readonly Landmark[];
  /** The person's own hand (references are converted to this convention before comparing); absent if not known. */
  handedness?: 'Left' | 'Right';
}

/** Largest side of the landmarks' box: the scale errors are measured in. */
export function handSize(landmarks: readonly Landmark[]): number {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/** Mean x, y distance between corresponding landmarks, as a fraction of the reference hand's size. */
export function relativeLandmarkError(ours: readonly Landmark[], reference: readonly Landmark[]): number {
  const mean = ours.reduce((sum, p, i) => sum + Math.hypot(p.x - reference[i]!.x, p.y - reference[i]!.y), 0) / ours.length;
  return mean / handSize(reference);
}

export interface ImageMatch {
  /** Per reference hand: the relative error of the matched hand of ours, or undefined if none matched. */
  errors: (number | undefined)[];
  /** Per reference hand: the index of the matched hand of ours, or undefined. */
  matched: (number | undefined)[];
  handednessAgrees: boolean[];
  /** Hands of ours matched to no reference hand. */
  extra: number;
}

/** A hand of ours is the reference's when its mean landmark error is under this many hand sizes. */
export const MATCH_LIMIT = 0.25;

/** Greedy matching, closest pairs first. */
export function matchHands(ours: readonly ComparedHand[], reference: readonly ComparedHand[]): ImageMatch {
  const pairs: { o: number; r: number; error: number }[] = [];
  ours.forEach((o, oi) =>
    reference.forEach((r, ri) => {
      const error = relativeLandmarkError(o.landmarks, r.landmarks);
      if (error < MATCH_LIMIT) pairs.push({ o: oi, r: ri, error });
    }),
  );
  pairs.sort((a, b) => a.error - b.error);
  const usedOurs = new Set<number>();
  const errors: (number | undefined)[] = reference.map(() => undefined);
  const matched: (number | undefined)[] = reference.map(() => undefined);
  const handednessAgrees: boolean[] = [];
  for (const pair of pairs) {
    if (usedOurs.has(pair.o) || errors[pair.r] !== undefined) continue;
    usedOurs.add(pair.o);
    errors[pair.r] = pair.error;
    matched[pair.r] = pair.o;
    const known = reference[pair.r]!.handedness;
    if (known) handednessAgrees.push(ours[pair.o]!.handedness === known);
  }
  return { errors, matched, handednessAgrees, extra: ours.length - usedOurs.size };
}

export interface ParitySummary {
  referenceHands: number;
  found: number;
  meanError: number;
  p95Error: number;
  extra: number;
  handednessAgreement: number;
}

export function summarise(matches: readonly ImageMatch[]): ParitySummary {
  const errors = matches.flatMap((m) => m.errors);
  const found = errors.filter((e): e is number => e !== undefined).sort((a, b) => a - b);
  const agrees = matches.flatMap((m) => m.handednessAgrees);
  return {
    referenceHands: errors.length,
    found: found.length,
    meanError: found.length ? found.reduce((a, b) => a + b, 0) / found.length : Number.NaN,
    p95Error: found.length ? found[Math.min(found.length - 1, Math.floor(0.95 * found.length))]! : Number.NaN,
    extra: matches.reduce((a, m) => a + m.extra, 0),
    handednessAgreement: agrees.length ? agrees.filter(Boolean).length / agrees.length : Number.NaN,
  };
}

/** A reference pose point: pixels, with MediaPipe's visibility. */
export type ReferencePosePoint = Landmark & { visibility: number };

/** MediaPipe Pose's shoulders (11, 12) and hips (23, 24). */
const SHOULDERS = [11, 12] as const;
const HIPS = [23, 24] as const;
/** Reference points at or above this visibility are compared (MediaPipe's own drawing threshold). */
export const POSE_VISIBLE = 0.5;
/** A pose of ours is the reference's when its mean distance over visible points is under this many torso sizes. */
export const POSE_MATCH_LIMIT = 0.5;

/** Distance from the shoulders' midpoint to the hips' midpoint: the scale pose errors are measured in. */
export function torsoSize(landmarks: readonly Landmark[]): number {
  const mid = (a: number, b: number): [number, number] => [(landmarks[a]!.x + landmarks[b]!.x) / 2, (landmarks[a]!.y + landmarks[b]!.y) / 2];
  const [sx, sy] = mid(...SHOULDERS);
  const [hx, hy] = mid(...HIPS);
  return Math.hypot(sx - hx, sy - hy);
}

/**
 * Per point, the x, y distance from ours to the reference as a share of the reference's torso size,
 * undefined where the reference point is not visible (every point when none is).
 */
export function poseDistances(ours: readonly Landmark[], reference: readonly ReferencePosePoint[]): (number | undefined)[] {
  const torso = torsoSize(reference);
  const anyVisible = reference.some((p) => p.visibility >= POSE_VISIBLE);
  return reference.map((r, i) => (anyVisible && r.visibility < POSE_VISIBLE ? undefined : Math.hypot(ours[i]!.x - r.x, ours[i]!.y - r.y) / torso));
}

/** Our pose closest to the reference (mean compared distance under POSE_MATCH_LIMIT), with its per-point distances; undefined if none. */
export function matchPose(
  ours: ReadonlyArray<readonly Landmark[]>,
  reference: readonly ReferencePosePoint[],
): { index: number; distances: (number | undefined)[] } | undefined {
  let best: { index: number; distances: (number | undefined)[]; mean: number } | undefined;
  ours.forEach((landmarks, index) => {
    const distances = poseDistances(landmarks, reference);
    const compared = distances.filter((d): d is number => d !== undefined);
    const mean = compared.reduce((a, b) => a + b, 0) / compared.length;
    if (mean < POSE_MATCH_LIMIT && (!best || mean < best.mean)) best = { index, distances, mean };
  });
  return best && { index: best.index, distances: best.distances };
}
