// SYNTHETIC hand and body landmark sequences from simple kinematic models, for gestures with little
// real footage (handshakes above all). A hand is a rigid palm with five three-bone fingers that curl towards the
// palm; it is placed in the image by a wrist position, a size, an in-plane roll and a twist about its
// own long axis, then projected orthographically. Nothing here was fitted to real data.
import type { BodyHand, Handedness, HandObservation, HandsResult, Landmark, PersonObservation, PoseLandmark } from '../../src/types.js';
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

// ---- Bodies ------------------------------------------------------------------------------------
// A SYNTHETIC side-on stick figure with MediaPipe Pose's 33 points, for the body-based handshake.
// Lengths in torso lengths T (mid-hip to mid-shoulder, about 0.5 m on an adult): upper arm 0.6,
// forearm 0.55, wrist to index knuckle 0.3, thigh and shin 0.9 each (Drillis & Contini's segment
// ratios, rounded). Side-on, the left and right points of a pair are almost on top of each other.

export const UPPER_ARM = 0.6;
export const FOREARM = 0.55;

/** One arm: angles from hanging straight down, positive towards where the person faces, radians. */
export interface ArmPose {
  /** Upper arm (shoulder → elbow). */
  upper: number;
  /** Forearm (elbow → wrist), its own direction, not relative to the upper arm. */
  fore: number;
}

export const HANGING: ArmPose = { upper: 0, fore: 0 };

export interface BodyPose {
  /** Middle of the hips, image pixels. */
  x: number;
  y: number;
  /** Torso length, pixels. */
  torso: number;
  /** 1: faces image right, −1: image left. */
  facing: 1 | -1;
  /** Torso leaning forward, radians. */
  lean?: number;
  left: ArmPose;
  right: ArmPose;
  /** Wrist offsets, pixels (a handshake's pumping, shaking a fist), added after the arm is placed. */
  leftWristShift?: Vec2;
  rightWristShift?: Vec2;
}

interface Vec2 {
  x: number;
  y: number;
}

/** A body point in the body's frame: x towards where the person faces, y up, in torso lengths. */
const BODY_POINTS: Record<number, [number, number]> = {
  0: [0.25, 1.55],
  1: [0.2, 1.62],
  2: [0.19, 1.62],
  3: [0.16, 1.62],
  4: [0.2, 1.62],
  5: [0.19, 1.62],
  6: [0.16, 1.62],
  7: [0, 1.58],
  8: [0.02, 1.58],
  9: [0.22, 1.47],
  10: [0.22, 1.47],
  11: [-0.03, 1],
  12: [0.03, 1],
  23: [-0.03, 0],
  24: [0.03, 0],
  25: [0.05, -0.9],
  26: [0.08, -0.9],
  27: [0, -1.8],
  28: [0.02, -1.8],
  29: [-0.08, -1.85],
  30: [-0.06, -1.85],
  31: [0.2, -1.85],
  32: [0.22, -1.85],
};

/** 33 pose landmarks (image pixels) of a body in this pose; the far-side arm is less visible. */
export function bodyLandmarks(pose: BodyPose): PoseLandmark[] {
  const lean = pose.lean ?? 0;
  const [cl, sl] = [Math.cos(lean), Math.sin(lean)];
  // Body frame → image: lean turns the upper body forward about the hips, y flips.
  const place = (bx: number, by: number, lean = true): Vec2 => {
    const [fx, fy] = lean ? [bx * cl + by * sl, -bx * sl + by * cl] : [bx, by];
    return { x: pose.x + pose.facing * fx * pose.torso, y: pose.y - fy * pose.torso };
  };
  const points: PoseLandmark[] = new Array(33);
  for (const [i, [bx, by]] of Object.entries(BODY_POINTS)) {
    const p = place(bx, by, Number(i) <= 24);
    points[Number(i)] = { ...p, z: 0, visibility: 0.95, presence: 0.99 };
  }
  // The right side is the near side for a person facing right (and the far side facing left).
  for (const side of ['left', 'right'] as const) {
    const [shoulderI, elbowI, wristI] = side === 'left' ? [11, 13, 15] : [12, 14, 16];
    const arm = pose[side];
    const shoulder = points[shoulderI]!;
    const step = (from: Vec2, angle: number, length: number): Vec2 => ({
      x: from.x + pose.facing * Math.sin(angle) * length * pose.torso,
      y: from.y + Math.cos(angle) * length * pose.torso,
    });
    const elbow = step(shoulder, arm.upper, UPPER_ARM);
    const shift = (side === 'left' ? pose.leftWristShift : pose.rightWristShift) ?? { x: 0, y: 0 };
    const bare = step(elbow, arm.fore, FOREARM);
    const wrist = { x: bare.x + shift.x, y: bare.y + shift.y };
    const near = (side === 'right') === (pose.facing === 1);
    const visibility = near ? 0.95 : 0.6;
    points[elbowI] = { ...elbow, z: 0, visibility, presence: 0.99 };
    points[wristI] = { ...wrist, z: 0, visibility, presence: 0.99 };
    // Pinky, index, thumb (17/19/21 left, 18/20/22 right) along the forearm past the wrist.
    const d = {
      x: (wrist.x - elbow.x) / Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y),
      y: (wrist.y - elbow.y) / Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y),
    };
    const base = side === 'left' ? 17 : 18;
    [0.25, 0.3, 0.2].forEach((k, j) => {
      points[base + 2 * j] = { x: wrist.x + d.x * k * pose.torso, y: wrist.y + d.y * k * pose.torso, z: 0, visibility, presence: 0.99 };
    });
  }
  return points;
}

/** A PersonObservation around given pose landmarks, its two BodyHands read off them (as the people layer does). */
export function personObservation(
  trackId: number,
  timestampMs: number,
  landmarks: PoseLandmark[],
  handTrackIds: { left?: number; right?: number } = {},
): PersonObservation {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const box = { xMin: Math.min(...xs), yMin: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  const hand = (side: Handedness, wristI: number, elbowI: number, indexI: number, trackId?: number): BodyHand => {
    const wrist = landmarks[wristI]!;
    const elbow = landmarks[elbowI]!;
    const n = Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y) || 1;
    const index = landmarks[indexI]!;
    const size = 2 * Math.hypot(index.x - wrist.x, index.y - wrist.y);
    return {
      side,
      wrist,
      elbow,
      forearm: { x: (wrist.x - elbow.x) / n, y: (wrist.y - elbow.y) / n },
      region: { xCenter: (wrist.x + index.x) / 2, yCenter: (wrist.y + index.y) / 2, width: size, height: size, rotation: 0 },
      ...(trackId !== undefined && { handTrackId: trackId }),
    };
  };
  return {
    trackId,
    timestampMs,
    landmarks,
    worldLandmarks: [],
    score: 0.95,
    box,
    region: { xCenter: box.xMin + box.width / 2, yCenter: box.yMin + box.height / 2, width: box.height * 1.25, height: box.height * 1.25, rotation: 0 },
    hands: [hand('Left', 15, 13, 19, handTrackIds.left), hand('Right', 16, 14, 20, handTrackIds.right)],
  };
}

/** One frame of a scene: bodies (with the hand tracks found on them) and hands seen by the hand model. */
export interface SceneFrame {
  people: { trackId: number; pose: BodyPose; handTrackIds?: { left?: number; right?: number } }[];
  hands: { trackId: number; personId?: number; shape: HandShape; place: HandPlacement }[];
}

export interface SceneOptions extends SimulationOptions {
  /** Body landmark jitter, standard deviation in torso lengths. */
  bodyNoise: number;
  /** Camera roll: every point turned by this much about the image centre, radians. */
  tilt?: number;
  size?: { width: number; height: number };
}

/** Frames of HandsResult, with people, as the pipeline would report them for the scene. */
export function simulateScene(at: (tMs: number) => SceneFrame, options: SceneOptions): HandsResult[] {
  const random = seededRandom(options.seed);
  const size = options.size ?? SCENE_SIZE;
  const [c, s] = [Math.cos(options.tilt ?? 0), Math.sin(options.tilt ?? 0)];
  const turn = <P extends Landmark>(p: P): P => {
    const dx = p.x - size.width / 2;
    const dy = p.y - size.height / 2;
    return { ...p, x: size.width / 2 + c * dx - s * dy, y: size.height / 2 + s * dx + c * dy };
  };
  const frames: HandsResult[] = [];
  const frameMs = 1000 / options.fps;
  for (let i = 0; i * frameMs <= options.durationMs; i++) {
    const t = i * frameMs;
    const scene = at(t);
    const people = scene.people.map(({ trackId, pose, handTrackIds }) => {
      const sigma = options.bodyNoise * pose.torso;
      const landmarks = bodyLandmarks(pose).map((p) => turn({ ...p, x: p.x + sigma * random.gaussian(), y: p.y + sigma * random.gaussian() }));
      return personObservation(trackId, t, landmarks, handTrackIds);
    });
    const hands = scene.hands.map(({ trackId, personId, shape, place }) => {
      const sigma = options.noise * place.size;
      const landmarks = handLandmarks(shape, place).map((p) =>
        turn({ x: p.x + sigma * random.gaussian(), y: p.y + sigma * random.gaussian(), z: p.z + sigma * random.gaussian() }),
      );
      const hand = observation(trackId, t, landmarks, place.handedness);
      return personId === undefined ? hand : { ...hand, personId };
    });
    frames.push({ frameIndex: i, timestampMs: t, imageSize: size, hands, people, detectionRan: false, timings: {} });
  }
  return frames;
}
