// SYNTHETIC hand landmark sequences from a simple kinematic model, for gestures with no real footage
// (handshakes above all). A hand is a rigid palm with five three-bone fingers that curl towards the
// palm; it is placed in the image by a wrist position, a size, an in-plane roll and a twist about its
// own long axis, then projected orthographically. Nothing here was fitted to real data.
import type { Handedness, HandObservation, HandsResult, Landmark } from '../../src/types.js';
import { seededRandom as uniformRandom } from '../../src/util/random.js';

/** How far each finger is curled, 0 (straight) to 1 (tight). */
/** The image the synthetic scenes are in: a 640x480 camera (tests/support/gesture-scenarios.ts). */
export const SCENE_SIZE = { width: 640, height: 480 };

export interface HandShape {
  thumb: number;
  index: number;
  middle: number;
  ring: number;
  pinky: number;
}

export const SHAPES = {
  open: { thumb: 0, index: 0, middle: 0, ring: 0, pinky: 0 },
  fist: { thumb: 1, index: 1, middle: 1, ring: 1, pinky: 1 },
  /** Fingers half closed round another hand, thumb along them: a handshake grip or a door handle. */
  grip: { thumb: 0.35, index: 0.45, middle: 0.5, ring: 0.55, pinky: 0.6 },
  relaxed: { thumb: 0.3, index: 0.25, middle: 0.3, ring: 0.35, pinky: 0.4 },
} satisfies Record<string, HandShape>;

export interface HandPlacement {
  /** Wrist position, image pixels. */
  x: number;
  y: number;
  /** Wrist to middle-finger base, pixels. */
  size: number;
  /** Where the fingers point in the image, radians: 0 up, π/2 right, π down, −π/2 left. */
  roll: number;
  /** Turn about the hand's long axis, radians: 0 shows a right hand's palm, π/2 its edge, π its back. */
  twist: number;
  handedness: Handedness;
}

type V3 = [number, number, number];

// A right hand in its own frame: x towards the thumb (with the palm facing the camera), y along the
// fingers, z out of the palm; units of palm length (wrist to middle-finger base).
const BASES: Record<Exclude<keyof HandShape, 'thumb'>, { base: V3; splay: number; bones: V3 }> = {
  index: { base: [0.3, 0.93, 0], splay: 0.12, bones: [0.42, 0.25, 0.22] },
  middle: { base: [0.06, 1, 0], splay: 0.02, bones: [0.46, 0.29, 0.24] },
  ring: { base: [-0.16, 0.94, 0], splay: -0.08, bones: [0.43, 0.28, 0.23] },
  pinky: { base: [-0.35, 0.82, 0], splay: -0.2, bones: [0.33, 0.2, 0.2] },
};
const BEND = [1.2, 1.75, 1.1]; // radians at MCP, PIP, DIP when fully curled
const THUMB_BASE: V3 = [0.22, 0.22, 0.05];
const THUMB_BONES = [0.38, 0.3, 0.26];

const add = (a: V3, b: V3, k = 1): V3 => [a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]];
const normalise = (a: V3): V3 => {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

/** The 21 landmarks of a right hand in its own frame. */
function handFrame(shape: HandShape): V3[] {
  const points: V3[] = new Array(21);
  points[0] = [0, 0, 0];
  // Thumb: out and up when straight, swept across the palm towards the camera side when curled.
  const out = normalise([0.75, 0.62, 0.2]);
  const across = normalise([-0.7, 0.25, 0.65]);
  let p = THUMB_BASE;
  points[1] = p;
  [0, 0.6, 1].forEach((w, k) => {
    const d = normalise(add(out, add(across, out, -1), shape.thumb * w));
    p = add(p, d, THUMB_BONES[k]!);
    points[2 + k] = p;
  });
  (['index', 'middle', 'ring', 'pinky'] as const).forEach((finger, f) => {
    const { base, splay, bones } = BASES[finger];
    const u: V3 = [Math.sin(splay), Math.cos(splay), 0];
    let q = base;
    let bend = 0;
    points[5 + 4 * f] = q;
    bones.forEach((length, k) => {
      bend += BEND[k]! * shape[finger];
      q = add(q, [u[0] * Math.cos(bend), u[1] * Math.cos(bend), Math.sin(bend)], length);
      points[6 + 4 * f + k] = q;
    });
  });
  return points;
}

/** Image landmarks of a hand with this shape and placement. */
export function handLandmarks(shape: HandShape, place: HandPlacement): Landmark[] {
  const mirror = place.handedness === 'Left' ? -1 : 1;
  const [ct, st] = [Math.cos(place.twist), Math.sin(place.twist)];
  const [cr, sr] = [Math.cos(place.roll), Math.sin(place.roll)];
  return handFrame(shape).map(([x0, y, z0]) => {
    const x1 = mirror * x0;
    const x = x1 * ct + z0 * st;
    const z = -x1 * st + z0 * ct;
    return {
      x: place.x + place.size * (x * cr + y * sr),
      y: place.y + place.size * (x * sr - y * cr),
      // MediaPipe's z grows away from the camera; the palm side faces it at twist 0.
      z: -place.size * z,
    };
  });
}

/** A seeded random source (mulberry32) with Gaussian samples, so synthetic runs are repeatable. */
export function seededRandom(seed: number): { uniform: () => number; gaussian: () => number } {
  const uniform = uniformRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gaussian };
}

/** One hand's script: where it is at time t (ms), or null while the landmark model does not see it. */
export interface HandScript {
  trackId: number | ((tMs: number) => number);
  at(tMs: number): { shape: HandShape; place: HandPlacement } | null;
}

export interface SimulationOptions {
  durationMs: number;
  fps: number;
  /** Landmark jitter, standard deviation in hand sizes. */
  noise: number;
  seed: number;
}

/** Frames of HandsResult as the hand pipeline would report them for the scripted hands. */
export function simulate(scripts: readonly HandScript[], options: SimulationOptions): HandsResult[] {
  const random = seededRandom(options.seed);
  const frames: HandsResult[] = [];
  const frameMs = 1000 / options.fps;
  for (let i = 0; i * frameMs <= options.durationMs; i++) {
    const t = i * frameMs;
    const hands: HandObservation[] = [];
    for (const script of scripts) {
      const state = script.at(t);
      if (!state) continue;
      const sigma = options.noise * state.place.size;
      const landmarks = handLandmarks(state.shape, state.place).map((p) => ({
        x: p.x + sigma * random.gaussian(),
        y: p.y + sigma * random.gaussian(),
        z: p.z + sigma * random.gaussian(),
      }));
      const trackId = typeof script.trackId === 'number' ? script.trackId : script.trackId(t);
      hands.push(observation(trackId, t, landmarks, state.place.handedness));
    }
    frames.push({ frameIndex: i, timestampMs: t, imageSize: SCENE_SIZE, hands, people: [], detectionRan: false, timings: {} });
  }
  return frames;
}

/** A HandObservation around given landmarks, with plausible values for the fields gestures do not read. */
export function observation(trackId: number, timestampMs: number, landmarks: Landmark[], handedness: Handedness): HandObservation {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const box = { xMin: Math.min(...xs), yMin: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  return {
    trackId,
    timestampMs,
    landmarks,
    worldLandmarks: [],
    handedness,
    handednessScore: 0.9,
    presence: 0.95,
    detectionScore: 0.9,
    box,
    region: { xCenter: box.xMin + box.width / 2, yCenter: box.yMin + box.height / 2, width: box.width * 2, height: box.width * 2, rotation: 0 },
  };
}

/** Linear interpolation between keyframes [t, value], held flat outside them. */
export function keyframes(points: readonly (readonly [number, number])[]): (t: number) => number {
  return (t) => {
    if (t <= points[0]![0]) return points[0]![1];
    for (let i = 1; i < points.length; i++) {
      const [t1, v1] = points[i]!;
      const [t0, v0] = points[i - 1]!;
      if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
    return points[points.length - 1]![1];
  };
}
