// Time windows: T frames of one hand (or one tracked point), each frame followed by its velocity
// (difference to the previous frame; zero for the first), laid out [T, channels] row-major.
import type { Landmark } from '../types.js';
import { handDimension } from './spec.js';
import { WRIST, palmSize, writeHandFeatures, type HandFeatureOptions, type HandInput } from './hand.js';

/** Appends to each row of a [T, c] block its difference to the previous row: gives [T, 2c]. */
export function withVelocities(rows: Float32Array, window: number, channels: number): Float32Array {
  const out = new Float32Array(window * channels * 2);
  for (let t = 0; t < window; t++) {
    for (let c = 0; c < channels; c++) {
      const value = rows[t * channels + c]!;
      out[t * channels * 2 + c] = value;
      out[t * channels * 2 + channels + c] = t === 0 ? 0 : value - rows[(t - 1) * channels + c]!;
    }
  }
  return out;
}

/**
 * One hand over T frames: per frame its pose, and its wrist position relative to the wrist in the
 * last frame in units of the mean palm size over the window (so a wave reads the same near and far).
 */
export function handWindowFeatures(frames: readonly HandInput[], options: HandFeatureOptions): Float32Array {
  const window = frames.length;
  const meanPalm = Math.max(frames.reduce((sum, f) => sum + palmSize(f.landmarks), 0) / window, 1e-6);
  const last = frames[window - 1]!.landmarks[WRIST]!;
  const channels = handDimension(options) + 2;
  const rows = new Float32Array(window * channels);
  frames.forEach((frame, t) => {
    const end = writeHandFeatures(frame, options, rows, t * channels);
    const wrist = frame.landmarks[WRIST]!;
    // Mirrored hands move mirrored too, so a left-hand wave matches a right-hand one.
    const mirror = options.handedness === 'mirror' && frame.handedness === 'Left' ? -1 : 1;
    rows[end] = (mirror * (wrist.x - last.x)) / meanPalm;
    rows[end + 1] = (wrist.y - last.y) / meanPalm;
  });
  return withVelocities(rows, window, channels);
}

/** A point's path relative to its first position, x and y divided by the image width and height. */
export function trajectoryFeatures(points: readonly Pick<Landmark, 'x' | 'y'>[], imageWidth: number, imageHeight: number): Float32Array {
  const window = points.length;
  const first = points[0]!;
  const rows = new Float32Array(window * 2);
  points.forEach((p, t) => {
    rows[t * 2] = (p.x - first.x) / imageWidth;
    rows[t * 2 + 1] = (p.y - first.y) / imageHeight;
  });
  return withVelocities(rows, window, 2);
}
