// SYNTHETIC scenes for the gesture tests, built on the kinematic hand model: a handshake between two
// people and the hard negatives it must not be confused with, and waves with their negatives.
// 640x480 image, hands about 60 px (palm length), 30 fps, landmark jitter 1.5% of a hand's size.
import { parseGesturesConfig } from '../../src/gestures/config.js';
import { buildGestureEngine } from '../../src/gestures/engine.js';
import type { GestureEvent, HandsResult } from '../../src/types.js';
import { SHAPES, keyframes, simulate, type HandPlacement, type HandScript, type HandShape } from './kinematics.js';

const SIZE = 60;
const FPS = 30;
const NOISE = 0.015;
const RIGHT = Math.PI / 2;
const LEFT = -Math.PI / 2;
const DOWN = Math.PI;

function script(
  trackId: HandScript['trackId'],
  at: (t: number) => ({ shape: HandShape } & Partial<HandPlacement>) | null,
  base: Partial<HandPlacement> = {},
): HandScript {
  return {
    trackId,
    at(t) {
      const s = at(t);
      if (!s) return null;
      const { shape, ...place } = s;
      return { shape, place: { x: 0, y: 0, size: SIZE, roll: 0, twist: 0, handedness: 'Right', ...base, ...place } };
    },
  };
}

const run = (scripts: HandScript[], durationMs: number, seed: number): HandsResult[] => simulate(scripts, { durationMs, fps: FPS, noise: NOISE, seed });

export interface HandshakeOptions {
  /** Pumping frequency, Hz (0: the hands just hold). */
  pumpHz: number;
  /** Whether the landmark model loses person B's hand while clasped (it re-finds it, with a new track ID, on release). */
  dropOut: boolean;
  seed: number;
  /** The whole scene turned by this much, radians (camera rolled, or the pair seen from above at an angle). */
  tilt?: number;
  /** A's hand this many times bigger than usual and B's this many times smaller (A nearer the camera). */
  depth?: number;
}

/** A hand state turned by `tilt` about the pivot. */
function turned<T extends { x: number; y: number; roll: number }>(state: T, tilt: number, pivot = { x: 320, y: 260 }): T {
  const [c, s] = [Math.cos(tilt), Math.sin(tilt)];
  const dx = state.x - pivot.x;
  const dy = state.y - pivot.y;
  return { ...state, x: pivot.x + c * dx - s * dy, y: pivot.y + s * dx + c * dy, roll: state.roll + tilt };
}

/**
 * Two people, A from the left and B from the right, reach out their right hands, clasp them for 2.5 s
 * (pumping up and down), let go and step back. A's hand is in front, its back to the camera; B's palm
 * faces the camera behind it.
 */
export function handshake({ pumpHz, dropOut, seed, tilt = 0, depth = 1 }: HandshakeOptions): HandsResult[] {
  const claspFrom = 1000;
  const claspTo = 3500;
  const pump = (t: number): number => (t > claspFrom && t < claspTo ? 0.2 * SIZE * Math.sin(2 * Math.PI * pumpHz * ((t - claspFrom) / 1000)) : 0);
  const reach = (from: number, to: number) =>
    keyframes([
      [0, from],
      [claspFrom, to],
      [claspTo, to],
      [claspTo + 1000, from],
    ]);
  const ax = reach(90, 262);
  const bx = reach(550, 358);
  const y = keyframes([
    [0, 400],
    [claspFrom, 260],
    [claspTo, 260],
    [claspTo + 1000, 400],
  ]);
  // Hands hang down while walking up, come level to shake, hang again after.
  const rollA = keyframes([
    [0, 2.6],
    [claspFrom * 0.8, RIGHT],
    [claspTo, RIGHT],
    [claspTo + 800, 2.6],
  ]);
  const rollB = keyframes([
    [0, -2.6],
    [claspFrom * 0.8, LEFT],
    [claspTo, LEFT],
    [claspTo + 800, -2.6],
  ]);
  const shape = (t: number): HandShape => (t > claspFrom - 200 && t < claspTo + 100 ? SHAPES.grip : SHAPES.relaxed);
  const hidden = (t: number): boolean => dropOut && t > claspFrom + 400 && t < claspTo - 100;
  return run(
    [
      script(1, (t) => turned({ shape: shape(t), x: ax(t), y: y(t) + pump(t), roll: rollA(t), twist: Math.PI - 0.2, size: SIZE * depth }, tilt)),
      script(
        (t) => (dropOut && t >= claspTo - 100 ? 3 : 2),
        (t) => (hidden(t) ? null : turned({ shape: shape(t), x: bx(t), y: y(t) + pump(t) + 6, roll: rollB(t), twist: 0.25, size: SIZE / depth }, tilt)),
      ),
    ],
    claspTo + 1500,
    seed,
  );
}

/** Two people walk past each other, right hands hanging and swinging, passing within a hand's width. */
export function passingBy(seed: number): HandsResult[] {
  const swing = (t: number): number => 0.3 * Math.sin((2 * Math.PI * t) / 1100);
  return run(
    [
      script(1, (t) => ({ shape: SHAPES.relaxed, x: 60 + (t / 3000) * 520, y: 380, roll: DOWN + swing(t) })),
      script(2, (t) => ({ shape: SHAPES.relaxed, x: 580 - (t / 3000) * 520, y: 400, roll: DOWN - swing(t), twist: Math.PI })),
    ],
    3000,
    seed,
  );
}

/** One person claps at 2 Hz for 3 s: a left and a right hand, fingers up, meeting in the middle. */
export function clapping(seed: number): HandsResult[] {
  const gap = (t: number): number => SIZE * (0.15 + 1.2 * (0.5 + 0.5 * Math.cos(2 * Math.PI * 2 * (t / 1000))));
  return run(
    [
      script(1, (t) => ({ shape: SHAPES.open, x: 320 - gap(t) / 2 - 8, y: 300, roll: 0.35, twist: -RIGHT, handedness: 'Right' })),
      script(2, (t) => ({ shape: SHAPES.open, x: 320 + gap(t) / 2 + 8, y: 300, roll: -0.35, twist: RIGHT, handedness: 'Left' })),
    ],
    3000,
    seed,
  );
}

/** One hand holds and turns a door handle (pointing sideways, gripping) while the other hangs by the side. */
export function doorHandle(seed: number): HandsResult[] {
  return run(
    [
      script(1, (t) => ({
        shape: SHAPES.grip,
        x: 380,
        y: 300 + 10 * Math.sin((2 * Math.PI * t) / 1500),
        roll: RIGHT + 0.3 * Math.min(1, t / 1000),
        twist: 0.3,
      })),
      script(2, () => ({ shape: SHAPES.relaxed, x: 250, y: 420, roll: DOWN, handedness: 'Left' })),
    ],
    3000,
    seed,
  );
}

/** Two people's right hands meet palm to palm, fingers up, and stay together for 0.6 s: a high five. */
export function highFive(seed: number): HandsResult[] {
  const ax = keyframes([
    [0, 150],
    [800, 290],
    [1400, 290],
    [2200, 150],
  ]);
  const bx = keyframes([
    [0, 490],
    [800, 350],
    [1400, 350],
    [2200, 490],
  ]);
  return run(
    [
      script(1, (t) => ({ shape: SHAPES.open, x: ax(t), y: 220, roll: 0.15, twist: RIGHT })),
      script(2, (t) => ({ shape: SHAPES.open, x: bx(t), y: 220, roll: -0.15, twist: -RIGHT })),
    ],
    2500,
    seed,
  );
}

/** One person's two hands together for 3 s: palms pressed (fingers up) or fingers interlaced (fingers across). */
export function ownHandsTogether(kind: 'pressed' | 'interlaced', seed: number): HandsResult[] {
  const interlaced = kind === 'interlaced';
  const offset = interlaced ? 42 : 12;
  return run(
    [
      script(1, () => ({
        shape: interlaced ? SHAPES.grip : SHAPES.open,
        x: 320 - offset,
        y: 300,
        roll: interlaced ? RIGHT : 0.05,
        twist: interlaced ? Math.PI - 0.3 : -RIGHT,
        handedness: 'Left',
      })),
      script(2, (t) => ({
        shape: interlaced ? SHAPES.grip : SHAPES.open,
        x: 320 + offset,
        y: 300 + 4 * Math.sin(t / 200),
        roll: interlaced ? LEFT : -0.05,
        twist: interlaced ? 0.3 : RIGHT,
        handedness: 'Right',
      })),
    ],
    3000,
    seed,
  );
}

export interface WaveOptions {
  /** Hz, full periods a second. */
  hz: number;
  /** Peak-to-peak sweep, hand sizes. */
  sweep: number;
  /** 'x' for a wave, 'y' for an up-and-down motion. */
  axis: 'x' | 'y';
  shape: HandShape;
  durationMs: number;
  seed: number;
}

/** One hand raised, still for 0.5 s, moving back and forth, then still for the last 2.5 s. */
export function waving({ hz, sweep, axis, shape, durationMs, seed }: WaveOptions): HandsResult[] {
  const from = 500;
  const to = durationMs - 2500;
  const offset = (t: number): number => (t > from && t < to ? (sweep / 2) * SIZE * Math.sin(2 * Math.PI * hz * ((t - from) / 1000)) : 0);
  return run(
    [
      script(1, (t) => ({
        shape,
        x: 320 + (axis === 'x' ? offset(t) : 0),
        y: 240 + (axis === 'y' ? offset(t) : 0),
        roll: axis === 'x' ? offset(t) / (SIZE * 4) : 0,
      })),
    ],
    durationMs,
    seed,
  );
}

/** Every event the engine with the shipped defaults gives for the frames, ending what is under way at the end. */
export async function shippedEngineEvents(frames: readonly HandsResult[]): Promise<GestureEvent[]> {
  const engine = buildGestureEngine(parseGesturesConfig({}));
  const events: GestureEvent[] = [];
  for (const frame of frames) events.push(...(await engine.process(frame)).events);
  events.push(...engine.finish(frames[frames.length - 1]!.timestampMs));
  return events;
}
