// SYNTHETIC two-person scenes for the body-based handshake (bodies from tests/support/kinematics.ts):
// two people approach, shake hands and step back, in several variants, and the interactions a
// doorway also sees that must not read as a handshake. People are side-on, torso 60 px (about 220 px
// tall, as in the UT-Interaction clips) in a 640x480 frame at 30 fps, unless a scene says otherwise.
import { HANGING, SHAPES, bodyLandmarks, keyframes, simulateScene, type ArmPose, type BodyPose, type SceneFrame } from './kinematics.js';
import type { HandsResult } from '../../src/types.js';

const FPS = 30;
const T = 60;
const HIP_Y = 300;
/** Pose landmark jitter, torso lengths (1.8 px at T = 60: about what a small person's wrist jitters). */
const BODY_NOISE = 0.03;
const HAND_NOISE = 0.015;
const deg = (d: number): number => (d * Math.PI) / 180;

/** Handshake arm: upper arm 30° forward, forearm 70° (20° below level): the wrist 0.85 T ahead of the shoulder line, 0.29 T above the hips. */
export const SHAKING: ArmPose = { upper: deg(30), fore: deg(70) };
/** How far ahead of the hips a SHAKING wrist is, torso lengths (shoulder 0.03 + 0.6 sin 30° + 0.55 sin 70°). */
const SHAKE_REACH = 0.03 + 0.6 * Math.sin(deg(30)) + 0.55 * Math.sin(deg(70));

/** An arm blended from one pose to another, 0..1. */
const blend = (a: ArmPose, b: ArmPose, k: number): ArmPose => ({ upper: a.upper + (b.upper - a.upper) * k, fore: a.fore + (b.fore - a.fore) * k });

/** A relaxed walking swing of the arms, radians, at the given phase. */
const swing = (tMs: number, amplitude: number, phase = 0): ArmPose => {
  const s = Math.sin((2 * Math.PI * tMs) / 1100 + phase);
  return { upper: amplitude * s, fore: 1.4 * amplitude * s };
};

const scene = (
  at: (t: number) => SceneFrame,
  durationMs: number,
  seed: number,
  extra: { tilt?: number; size?: { width: number; height: number } } = {},
): HandsResult[] => simulateScene(at, { durationMs, fps: FPS, noise: HAND_NOISE, bodyNoise: BODY_NOISE, seed, ...extra });

/** When the hands touch and let go in bodyHandshake, ms from the first frame. */
export const CONTACT = { fromMs: 1400, toMs: 3900 };

export interface BodyHandshakeOptions {
  seed: number;
  /** Pumping frequency, Hz (0: the hands just hold). */
  pumpHz: number;
  /**
   * What the hand model sees: nothing ('none', small people), A's hand only ('hidden'), one hand for
   * the clasped pair ('merged'), or both hands, large (a closer camera: torso 150 px in 1280x720).
   */
  hands: 'none' | 'hidden' | 'merged' | 'both';
  /** Camera roll, radians. */
  tilt?: number;
  /** A this many times bigger than usual and B this many times smaller (A nearer the camera). */
  depth?: number;
  /** Which arms shake. */
  side?: 'right' | 'left';
}

/**
 * Person 1 (A) comes from the left, person 2 (B) from the right; they stop 1.9 torso lengths apart,
 * reach out (1.0–1.4 s), clasp (1.4–3.9 s) pumping up and down 0.06 T, let go (3.9–4.3 s) and step back.
 */
export function bodyHandshake({ seed, pumpHz, hands, tilt = 0, depth = 1, side = 'right' }: BodyHandshakeOptions): HandsResult[] {
  const big = hands === 'both';
  const torso = big ? 150 : T;
  const size = big ? { width: 1280, height: 720 } : { width: 640, height: 480 };
  const hipY = big ? 380 : HIP_Y;
  const [ta, tb] = [torso * depth, torso / depth];
  const centre = size.width / 2;
  // Stopped so the wrists end 0.2 T apart (a clasp); 1.5 T further out at the start and the end.
  const stopA = centre - SHAKE_REACH * ta - 0.1 * torso;
  const stopB = centre + SHAKE_REACH * tb + 0.1 * torso;
  const xa = keyframes([
    [0, stopA - 1.5 * ta],
    [1100, stopA],
    [4300, stopA],
    [5300, stopA - 1.5 * ta],
  ]);
  const xb = keyframes([
    [0, stopB + 1.5 * tb],
    [1100, stopB],
    [4300, stopB],
    [5300, stopB + 1.5 * tb],
  ]);
  const reach = keyframes([
    [1000, 0],
    [CONTACT.fromMs, 1],
    [CONTACT.toMs, 1],
    [4300, 0],
  ]);
  const walking = (t: number): number => (t < 1100 || t > 4300 ? 1 : 0);
  const pump = (t: number): number =>
    t > CONTACT.fromMs && t < CONTACT.toMs ? 0.06 * torso * Math.sin(2 * Math.PI * pumpHz * ((t - CONTACT.fromMs) / 1000)) : 0;
  const body = (t: number, x: number, torsoPx: number, facing: 1 | -1, phase: number): BodyPose => {
    const shaking = blend(swing(t, 0.25 * walking(t), phase), SHAKING, reach(t));
    const other = swing(t, 0.25 * walking(t), phase + Math.PI);
    const shift = { x: 0, y: pump(t) };
    return side === 'right'
      ? { x, y: hipY, torso: torsoPx, facing, right: shaking, left: other, rightWristShift: shift }
      : { x, y: hipY, torso: torsoPx, facing, left: shaking, right: other, leftWristShift: shift };
  };
  const handedness = side === 'right' ? 'Right' : 'Left';
  return scene(
    (t) => {
      const a = body(t, xa(t), ta, 1, 0);
      const b = body(t, xb(t), tb, -1, 1);
      const frame: SceneFrame = {
        people: [
          { trackId: 1, pose: a },
          { trackId: 2, pose: b },
        ],
        hands: [],
      };
      if (hands === 'none' || reach(t) < 0.5) return frame;
      // The hand model's view of the clasp, from the bodies' wrists (before landmark noise).
      const [la, lb] = [bodyWrist(a, side), bodyWrist(b, side)];
      const roll = (w: ReturnType<typeof bodyWrist>): number => Math.atan2(w.dir.x, -w.dir.y);
      const handA = {
        trackId: 11,
        personId: 1,
        shape: SHAPES.grip,
        place: { x: la.x, y: la.y, size: 0.2 * ta, roll: roll(la), twist: Math.PI - 0.2, handedness } as const,
      };
      const handB = {
        trackId: 12,
        personId: 2,
        shape: SHAPES.grip,
        place: { x: lb.x, y: lb.y, size: 0.2 * tb, roll: roll(lb), twist: 0.25, handedness } as const,
      };
      if (hands === 'hidden') {
        frame.people[0]!.handTrackIds = { [side]: 11 };
        frame.hands.push(handA);
      } else if (hands === 'merged') {
        frame.people[0]!.handTrackIds = { [side]: 11 };
        frame.people[1]!.handTrackIds = { [side]: 11 };
        frame.hands.push({ ...handA, place: { ...handA.place, x: (la.x + lb.x) / 2, y: (la.y + lb.y) / 2 } });
      } else {
        frame.people[0]!.handTrackIds = { [side]: 11 };
        frame.people[1]!.handTrackIds = { [side]: 12 };
        frame.hands.push(handA, handB);
      }
      return frame;
    },
    5500,
    seed,
    { tilt, size },
  );
}

/** Where a body's wrist is and which way its forearm points (image pixels, unit vector), noise-free. */
function bodyWrist(pose: BodyPose, side: 'left' | 'right'): { x: number; y: number; dir: { x: number; y: number } } {
  const landmarks = bodyLandmarks(pose);
  const [wrist, elbow] = side === 'right' ? [landmarks[16]!, landmarks[14]!] : [landmarks[15]!, landmarks[13]!];
  const n = Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y) || 1;
  return { x: wrist.x, y: wrist.y, dir: { x: (wrist.x - elbow.x) / n, y: (wrist.y - elbow.y) / n } };
}

const person = (trackId: number, pose: Omit<BodyPose, 'y' | 'torso'> & Partial<BodyPose>) => ({ trackId, pose: { y: HIP_Y, torso: T, ...pose } });

/** A hug: the two close in until their torso centres are 0.5 T apart, arms round each other's backs, for 2 s. */
export function hug(seed: number): HandsResult[] {
  const xa = keyframes([
    [0, 150],
    [1200, 305],
    [3200, 305],
    [4200, 150],
  ]);
  const xb = keyframes([
    [0, 490],
    [1200, 335],
    [3200, 335],
    [4200, 490],
  ]);
  const k = keyframes([
    [900, 0],
    [1300, 1],
    [3200, 1],
    [3600, 0],
  ]);
  const arms = (t: number, upper: number): ArmPose => blend(HANGING, { upper: deg(upper), fore: deg(150) }, k(t));
  return scene(
    (t) => ({
      people: [
        person(1, { x: xa(t), facing: 1, right: arms(t, 100), left: arms(t, 80) }),
        person(2, { x: xb(t), facing: -1, right: arms(t, 80), left: arms(t, 100) }),
      ],
      hands: [],
    }),
    4500,
    seed,
  );
}

/** A pushes B with both hands on the chest, held 1.2 s; B, arms hanging, is shoved back. */
export function push(seed: number): HandsResult[] {
  const xa = keyframes([
    [0, 120],
    [1000, 240],
    [2200, 260],
    [3200, 240],
  ]);
  const xb = keyframes([
    [0, 320],
    [1000, 320],
    [2200, 340],
    [2600, 400],
  ]);
  const k = keyframes([
    [600, 0],
    [1000, 1],
    [2200, 1],
    [2500, 0],
  ]);
  const shove: ArmPose = { upper: deg(80), fore: deg(90) };
  const flail = keyframes([
    [2200, 0],
    [2400, 1],
    [3000, 0],
  ]);
  return scene(
    (t) => ({
      people: [
        person(1, { x: xa(t), facing: 1, right: blend(HANGING, shove, k(t)), left: blend(HANGING, shove, k(t)) }),
        person(2, { x: xb(t), facing: -1, right: blend(HANGING, { upper: deg(20), fore: deg(30) }, flail(t)), left: HANGING }),
      ],
      hands: [],
    }),
    3500,
    seed,
  );
}

/** A throws three right punches at B's face (0.3 s each); B holds both forearms up before the face. */
export function punch(seed: number): HandsResult[] {
  const jab = (t: number): number => Math.max(0, Math.sin((Math.PI * ((t - 800) % 700)) / 300)) * (t > 800 && t < 2900 ? 1 : 0);
  const guard: ArmPose = { upper: deg(20), fore: deg(160) };
  return scene(
    (t) => ({
      people: [
        person(1, {
          x: 250,
          facing: 1,
          right: blend({ upper: deg(30), fore: deg(120) }, { upper: deg(90), fore: deg(90) }, jab(t)),
          left: { upper: deg(30), fore: deg(130) },
        }),
        person(2, { x: 250 + 1.5 * T, facing: -1, right: guard, left: guard }),
      ],
      hands: [],
    }),
    3500,
    seed,
  );
}

/** A holds an arm out level, pointing or offering a hand, for 2 s; B, 1.9 T away, or nobody, does not take it. */
export function offeredHand(withPartner: boolean, seed: number): HandsResult[] {
  const k = keyframes([
    [800, 0],
    [1200, 1],
    [3200, 1],
    [3600, 0],
  ]);
  const level: ArmPose = { upper: deg(90), fore: deg(90) };
  return scene(
    (t) => ({
      people: [
        person(1, { x: 250, facing: 1, right: blend(HANGING, withPartner ? SHAKING : level, k(t)), left: HANGING }),
        ...(withPartner ? [person(2, { x: 250 + 1.9 * T, facing: -1, right: HANGING, left: HANGING })] : []),
      ],
      hands: [],
    }),
    4000,
    seed,
  );
}

/** Two people 2.6 T apart talk with their hands: forearms swinging out towards each other and back, 1–2 Hz. */
export function talkingWithHands(seed: number): HandsResult[] {
  const gesture = (t: number, hz: number, phase: number): ArmPose => {
    const s = 0.5 + 0.5 * Math.sin(2 * Math.PI * hz * (t / 1000) + phase);
    return { upper: deg(10 + 30 * s), fore: deg(60 + 50 * s) };
  };
  return scene(
    (t) => ({
      people: [
        person(1, { x: 320 - 1.3 * T, facing: 1, right: gesture(t, 1.3, 0), left: gesture(t, 0.9, 2) }),
        person(2, { x: 320 + 1.3 * T, facing: -1, right: gesture(t, 1.7, 1), left: gesture(t, 1.1, 4) }),
      ],
      hands: [],
    }),
    5000,
    seed,
  );
}

/** Two people walk past each other (one a little behind the other), arms swinging. */
export function walkingPast(seed: number): HandsResult[] {
  return scene(
    (t) => ({
      people: [
        person(1, { x: 60 + (t / 4000) * 520, facing: 1, right: swing(t, deg(25)), left: swing(t, deg(25), Math.PI) }),
        person(2, { x: 580 - (t / 4000) * 520, y: HIP_Y - 10, facing: -1, right: swing(t, deg(25), 1), left: swing(t, deg(25), 1 + Math.PI) }),
      ],
      hands: [],
    }),
    4000,
    seed,
  );
}

/** A high five: right arms up, hands meeting above the heads, held 0.6 s. */
export function bodyHighFive(seed: number): HandsResult[] {
  const k = keyframes([
    [600, 0],
    [1000, 1],
    [1600, 1],
    [2000, 0],
  ]);
  const up: ArmPose = { upper: deg(150), fore: deg(170) };
  const reach = 0.03 + 0.6 * Math.sin(deg(150)) + 0.55 * Math.sin(deg(170));
  return scene(
    (t) => ({
      people: [
        person(1, { x: 320 - (reach + 0.05) * T, facing: 1, right: blend(HANGING, up, k(t)), left: HANGING }),
        person(2, { x: 320 + (reach + 0.05) * T, facing: -1, right: blend(HANGING, up, k(t)), left: HANGING }),
      ],
      hands: [],
    }),
    2500,
    seed,
  );
}

/** Arm wrestling across a table: both lean in, elbows down, forearms upright, hands clasped, straining for 3 s. */
export function armWrestling(seed: number): HandsResult[] {
  const lean = 0.3;
  const arm = (t: number, phase: number): ArmPose => ({ upper: deg(40), fore: deg(170 + 6 * Math.sin(t / 300 + phase)) });
  // Wrist ahead of the hips: the leaning shoulder (sin 0.3) plus the arm.
  const reach = Math.sin(lean) + 0.6 * Math.sin(deg(40)) + 0.55 * Math.sin(deg(170));
  return scene(
    (t) => ({
      people: [
        person(1, { x: 320 - (reach + 0.05) * T, facing: 1, lean, right: arm(t, 0), left: { upper: deg(45), fore: deg(95) } }),
        person(2, { x: 320 + (reach + 0.05) * T, facing: -1, lean, right: arm(t, Math.PI), left: { upper: deg(45), fore: deg(95) } }),
      ],
      hands: [],
    }),
    3500,
    seed,
  );
}

/** One person's two hands clasped in front of the waist for 3 s, a bystander 3 T away. */
export function ownHandsClasped(seed: number): HandsResult[] {
  const k = keyframes([
    [500, 0],
    [900, 1],
  ]);
  const clasp: ArmPose = { upper: deg(20), fore: deg(80) };
  return scene(
    (t) => ({
      people: [
        person(1, { x: 250, facing: 1, right: blend(HANGING, clasp, k(t)), left: blend(HANGING, clasp, k(t)) }),
        person(2, { x: 250 + 3 * T, facing: -1, right: HANGING, left: HANGING }),
      ],
      hands: [],
    }),
    3500,
    seed,
  );
}
