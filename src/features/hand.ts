// One hand's pose features: landmarks relative to the wrist, in units of palm size (or of the hand's
// extent), optionally rotated upright and mirrored, so a hand's position, distance and (optionally) tilt
// do not matter; optionally finger bend angles, with or without the coordinates.
import type { Handedness, Landmark } from '../types.js';
import type { HandednessMode, HandScale } from './spec.js';

export const WRIST = 0;
export const MIDDLE_FINGER_BASE = 9;
/** Below this palm size (in input units) a hand is degenerate; features would be noise. */
const MIN_PALM = 1e-6;

export interface HandInput {
  landmarks: readonly Landmark[];
  /** Absent where the source does not know it (the landmark CSVs). */
  handedness?: Handedness;
}

export interface HandFeatureOptions {
  rotate: boolean;
  useZ: boolean;
  angles?: boolean;
  /** Write the landmark coordinates (default true; false: the angle features only). */
  coordinates?: boolean;
  /** The length unit (default palm). */
  scale?: HandScale;
  handedness: HandednessMode;
}

/** Each finger's chain from the wrist to its tip, in MediaPipe's landmark numbering. */
const FINGERS = [
  [0, 1, 2, 3, 4],
  [0, 5, 6, 7, 8],
  [0, 9, 10, 11, 12],
  [0, 13, 14, 15, 16],
  [0, 17, 18, 19, 20],
] as const;

/** Distance from the wrist to the middle-finger base in the image plane: the scale unit of a hand. */
export function palmSize(landmarks: readonly Landmark[]): number {
  const w = landmarks[WRIST]!;
  const m = landmarks[MIDDLE_FINGER_BASE]!;
  return Math.hypot(m.x - w.x, m.y - w.y);
}

/** Palm size kept above the degenerate floor: safe to divide by. */
export function palmUnit(landmarks: readonly Landmark[]): number {
  return Math.max(palmSize(landmarks), MIN_PALM);
}

/**
 * The largest |x| or |y| of any landmark relative to the wrist: the unit of the landmark CSVs, which
 * store rows already divided by it. Unlike the palm size it does not shrink when the palm turns away
 * from the camera (a finger aimed at the lens), so it does not blow such hands up.
 */
export function extentUnit(landmarks: readonly Landmark[]): number {
  const w = landmarks[WRIST]!;
  let extent = 0;
  for (const p of landmarks) extent = Math.max(extent, Math.abs(p.x - w.x), Math.abs(p.y - w.y));
  return Math.max(extent, MIN_PALM);
}

/** Landmarks relative to the wrist in palm (or extent) units, upright and mirrored to a right hand when asked. */
export function normaliseHand(hand: HandInput, options: HandFeatureOptions): Landmark[] {
  const { landmarks } = hand;
  if (landmarks.length !== 21) throw new Error(`a hand has 21 landmarks, got ${landmarks.length}`);
  const wrist = landmarks[WRIST]!;
  const scale = options.scale === 'extent' ? extentUnit(landmarks) : palmUnit(landmarks);
  const mirror = options.handedness === 'mirror' && hand.handedness === 'Left' ? -1 : 1;
  let cos = 1;
  let sin = 0;
  if (options.rotate) {
    // Turn the wrist → middle-base direction onto straight up (0, -1) in image coordinates.
    const base = landmarks[MIDDLE_FINGER_BASE]!;
    const angle = Math.atan2(base.y - wrist.y, base.x - wrist.x) + Math.PI / 2;
    cos = Math.cos(-angle);
    sin = Math.sin(-angle);
  }
  return landmarks.map((p) => {
    const dx = (p.x - wrist.x) / scale;
    const dy = (p.y - wrist.y) / scale;
    return { x: mirror * (cos * dx - sin * dy), y: sin * dx + cos * dy, z: (p.z - wrist.z) / scale };
  });
}

/** The pose vector of one hand, written into out at offset; returns the offset after it. */
export function writeHandFeatures(hand: HandInput, options: HandFeatureOptions, out: Float32Array, offset: number): number {
  let i = offset;
  const landmarks = normaliseHand(hand, options);
  if (options.coordinates ?? true) {
    for (const p of landmarks) {
      out[i++] = p.x;
      out[i++] = p.y;
      if (options.useZ) out[i++] = p.z;
    }
  }
  if (options.angles) i = writeFingerAngles(landmarks, options.useZ, out, i);
  if (options.handedness === 'feature') out[i++] = hand.handedness === 'Left' ? -1 : hand.handedness === 'Right' ? 1 : 0;
  return i;
}

/**
 * Per finger, the cosine of the bend at its three inner joints (1 straight, lower bent), then each
 * fingertip's distance from the wrist in the hand's scale unit. Uses normalised landmarks (wrist at the origin).
 */
function writeFingerAngles(landmarks: readonly Landmark[], useZ: boolean, out: Float32Array, offset: number): number {
  let i = offset;
  const z = useZ ? 1 : 0;
  for (const chain of FINGERS) {
    for (let j = 1; j < 4; j++) {
      const a = landmarks[chain[j - 1]]!;
      const b = landmarks[chain[j]]!;
      const c = landmarks[chain[j + 1]]!;
      const ux = b.x - a.x,
        uy = b.y - a.y,
        uz = (b.z - a.z) * z;
      const vx = c.x - b.x,
        vy = c.y - b.y,
        vz = (c.z - b.z) * z;
      const norms = Math.hypot(ux, uy, uz) * Math.hypot(vx, vy, vz);
      out[i++] = norms > 1e-9 ? (ux * vx + uy * vy + uz * vz) / norms : 1;
    }
  }
  for (const chain of FINGERS) {
    const tip = landmarks[chain[4]]!;
    out[i++] = Math.hypot(tip.x, tip.y, tip.z * z);
  }
  return i;
}
