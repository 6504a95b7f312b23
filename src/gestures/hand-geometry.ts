// Finger states and orientation of one hand from its 21 landmarks. Angles and ratios only, so the
// results do not depend on the hand's size or in-plane rotation, and mirror images give the same values.
import { normaliseHand, palmSize } from '../features/index.js';
import type { Landmark } from '../types.js';

export const FINGERS = ['thumb', 'index', 'middle', 'ring', 'pinky'] as const;
export type Finger = (typeof FINGERS)[number];

/** Landmark indices of each finger from its base joint to its tip (MediaPipe order). */
const CHAIN: Record<Finger, readonly [number, number, number, number]> = {
  thumb: [1, 2, 3, 4],
  index: [5, 6, 7, 8],
  middle: [9, 10, 11, 12],
  ring: [13, 14, 15, 16],
  pinky: [17, 18, 19, 20],
};

const WRIST = 0;

export interface Vec2 {
  x: number;
  y: number;
}

/** What the pose rules look at, all scale- and rotation-free except the directions. */
export interface HandGeometry {
  /** 0 (curled) to 1 (straight) per finger. */
  extension: Record<Finger, number>;
  /** Unit image-plane direction from each finger's base joint to its tip (y down). */
  direction: Record<Finger, Vec2>;
  /** Unit image-plane direction wrist → middle-finger base: where the hand points. */
  handDirection: Vec2;
  /** Thumb tip to index tip distance in hand-size units (small for an "OK" ring). */
  thumbIndexGap: number;
  /** Angle between index and middle finger directions, radians (the "V" of victory). */
  indexMiddleSpread: number;
  /**
   * How far the thumb tip sticks out past every other finger joint along the thumb's own direction,
   * in hand-size units: large for a thumbs-up, near zero for a thumb lying across a fist.
   */
  thumbLead: number;
  /**
   * How squarely the palm faces the camera (or away from it), 0..1: |z| of the palm's normal. An
   * edge-on hand (clapping, praying) reads near 0. Landmarks without depth read 1.
   */
  palmFacing: number;
}

type P = Landmark;
const sub = (a: P, b: P): P => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const norm = (a: P): number => Math.hypot(a.x, a.y, a.z);
const dist = (a: P, b: P): number => norm(sub(a, b));

function angleBetween(a: P, b: P): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  const cos = (a.x * b.x + a.y * b.y + a.z * b.z) / (na * nb);
  return Math.acos(Math.min(1, Math.max(-1, cos)));
}

export const dot = (a: Vec2, b: Vec2): number => a.x * b.x + a.y * b.y;

/** Unit image-plane direction from a to b (a zero-length step gives (0, 0)). */
export function unit2(a: Vec2, b: Vec2): Vec2 {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const n = Math.hypot(dx, dy) || 1;
  return { x: dx / n, y: dy / n };
}

/** 0 below lo, 1 above hi, linear between (reversed when lo > hi). */
export function ramp(value: number, lo: number, hi: number): number {
  const t = (value - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

// Thresholds measured on real MediaPipe landmarks (static_keypoints.csv, docs/gestures.md):
// a straight finger bends < ~40° in total over its three joints, a curled one > ~150°.
const BEND_STRAIGHT = (45 * Math.PI) / 180;
const BEND_CURLED = (130 * Math.PI) / 180;

/** Straightness of a long finger: its total joint bend, and whether the tip lies beyond the middle joint. */
function fingerExtension(lm: readonly P[], chain: readonly [number, number, number, number]): number {
  const [mcp, pip, dip, tip] = chain.map((i) => lm[i]!) as [P, P, P, P];
  const wrist = lm[WRIST]!;
  const bend = angleBetween(sub(mcp, wrist), sub(pip, mcp)) + angleBetween(sub(pip, mcp), sub(dip, pip)) + angleBetween(sub(dip, pip), sub(tip, dip));
  const byBend = ramp(bend, BEND_CURLED, BEND_STRAIGHT);
  // A finger pointing at the camera looks short but straight; a curled one has its tip back near the palm.
  const reach = dist(tip, wrist) / Math.max(dist(pip, wrist), 1e-9);
  const byReach = ramp(reach, 1.0, 1.35);
  return 0.5 * (byBend + byReach);
}

/**
 * The thumb is out when its tip is far from the index base (in hand-size units, which survive the
 * palm turning edge-on) and lies beyond its own base joint as seen from the pinky side.
 */
function thumbExtension(lm: readonly P[], scale: number): number {
  const [, mcp, , tip] = CHAIN.thumb.map((i) => lm[i]!) as [P, P, P, P];
  const away = ramp(dist(tip, lm[5]!) / scale, 0.35, 0.6);
  const beyond = ramp(dist(tip, lm[17]!) / Math.max(dist(mcp, lm[17]!), 1e-9), 1.0, 1.2);
  return Math.min(away, beyond);
}

function palmFacing(lm: readonly P[]): number {
  const a = sub(lm[5]!, lm[WRIST]!);
  const b = sub(lm[17]!, lm[WRIST]!);
  const n = { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
  return Math.abs(n.z) / Math.max(norm(n), 1e-9);
}

function thumbLead(lm: readonly P[], dir: Vec2): number {
  const tip = lm[4]!;
  let lead = Infinity;
  for (let i = 5; i < 21; i++) lead = Math.min(lead, (tip.x - lm[i]!.x) * dir.x + (tip.y - lm[i]!.y) * dir.y);
  return lead;
}

/** Geometry of one hand; landmarks in any consistent units (pixels or normalised), 21 of them. */
export function handGeometry(landmarks: readonly Landmark[]): HandGeometry {
  const lm = normaliseHand({ landmarks }, { rotate: false, useZ: true, angles: false, handedness: 'ignore' });
  const scale = handScale(lm);
  const extension = {} as Record<Finger, number>;
  const direction = {} as Record<Finger, Vec2>;
  for (const finger of FINGERS) {
    const chain = CHAIN[finger];
    extension[finger] = finger === 'thumb' ? thumbExtension(lm, scale) : fingerExtension(lm, chain);
    direction[finger] = unit2(lm[finger === 'thumb' ? chain[1] : chain[0]]!, lm[chain[3]]!);
  }
  const d = (a: Vec2, b: Vec2): number => Math.acos(Math.min(1, Math.max(-1, a.x * b.x + a.y * b.y)));
  return {
    extension,
    direction,
    handDirection: unit2(lm[WRIST]!, lm[9]!),
    thumbIndexGap: dist(lm[4]!, lm[8]!) / scale,
    indexMiddleSpread: d(unit2(lm[6]!, lm[8]!), unit2(lm[10]!, lm[12]!)),
    thumbLead: thumbLead(lm, direction.thumb) / scale,
    palmFacing: palmFacing(lm),
  };
}

/** Centre of the palm (mean of the wrist and the four finger bases), in the landmarks' units. */
export function palmCentre(landmarks: readonly Landmark[]): Vec2 {
  let x = 0;
  let y = 0;
  for (const i of [0, 5, 9, 13, 17]) {
    x += landmarks[i]!.x;
    y += landmarks[i]!.y;
  }
  return { x: x / 5, y: y / 5 };
}

/**
 * A hand's size in the image that does not collapse when the hand turns edge-on or points at the
 * camera: the larger of the palm length and 1.25 × the knuckle width.
 */
export function handScale(landmarks: readonly Landmark[]): number {
  const a = landmarks[5]!;
  const b = landmarks[17]!;
  return Math.max(palmSize(landmarks), 1.25 * Math.hypot(a.x - b.x, a.y - b.y), 1e-6);
}
