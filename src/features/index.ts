// The one feature function shared by training and the daemon: a spec and an input in, a flat
// Float32Array of featureShape(spec) out (row-major for windows).
import { UserError } from '../util/errors.js';
import type { HandInput } from './hand.js';
import { featureShape, type FeatureSpec } from './spec.js';
import { handWindowFeatures, rawTrajectoryFeatures, trajectoryFeatures } from './temporal.js';
import { writeHandFeatures } from './hand.js';
import { writeTwoHandFeatures } from './two-hands.js';

export * from './spec.js';
export { normaliseHand, palmSize, type HandInput } from './hand.js';
export { orderHands } from './two-hands.js';

/** What each feature kind is computed from. */
export type FeatureInput =
  | { kind: 'hand-pose'; hand: HandInput }
  | { kind: 'two-hand-pose'; hands: readonly [HandInput, HandInput] }
  | { kind: 'hand-temporal'; frames: readonly HandInput[] }
  | { kind: 'trajectory'; points: readonly { x: number; y: number }[]; imageWidth: number; imageHeight: number };

export function featureSize(spec: FeatureSpec): number {
  return featureShape(spec).reduce((a, b) => a * b, 1);
}

export function computeFeatures(spec: FeatureSpec, input: FeatureInput): Float32Array {
  if (input.kind !== spec.kind) throw new UserError(`features of kind ${spec.kind} cannot be computed from a ${input.kind} input`);
  switch (input.kind) {
    case 'hand-pose': {
      const s = spec as Extract<FeatureSpec, { kind: 'hand-pose' }>;
      const out = new Float32Array(featureSize(s));
      writeHandFeatures(input.hand, s, out, 0);
      return out;
    }
    case 'two-hand-pose': {
      const s = spec as Extract<FeatureSpec, { kind: 'two-hand-pose' }>;
      const out = new Float32Array(featureSize(s));
      writeTwoHandFeatures(input.hands, s, out, 0);
      return out;
    }
    case 'hand-temporal': {
      const s = spec as Extract<FeatureSpec, { kind: 'hand-temporal' }>;
      checkWindow(input.frames.length, s.window);
      return handWindowFeatures(input.frames, s);
    }
    case 'trajectory': {
      const s = spec as Extract<FeatureSpec, { kind: 'trajectory' }>;
      checkWindow(input.points.length, s.window);
      return s.encoding === 'raw'
        ? rawTrajectoryFeatures(input.points, input.imageWidth, input.imageHeight)
        : trajectoryFeatures(input.points, input.imageWidth, input.imageHeight, s.maxStep);
    }
  }
}

function checkWindow(got: number, want: number): void {
  if (got !== want) throw new UserError(`a window of ${want} frames is needed, got ${got}`);
}
