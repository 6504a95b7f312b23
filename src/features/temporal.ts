// Time windows: T frames of one hand, each frame followed by its velocity (difference to the previous
// frame; zero for the first), laid out [T, channels] row-major; and one tracked point's path.
import type { Landmark } from '../types.js';
import { handDimension, PATH_DESCRIPTORS } from './spec.js';
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

/** A point's path as given: each point relative to the first, x and y divided by the image width and height. */
export function rawTrajectoryFeatures(points: readonly Pick<Landmark, 'x' | 'y'>[], imageWidth: number, imageHeight: number): Float32Array {
  const first = points[0]!;
  return Float32Array.from(points.flatMap((p) => [(p.x - first.x) / imageWidth, (p.y - first.y) / imageHeight]));
}

/** Path lengths below this (in image widths) count as standing still: its step directions are noise. */
const MIN_PATH = 1e-3;

/**
 * A point's path over a window, x and y divided by the image width and height, as one flat vector:
 * each step in units of the path's length (so a small circle reads like a big one), then six
 * descriptors of the whole path: log length, straightness (net displacement / length), total signed
 * turn and total absolute turn (radians; the sign tells clockwise from counter-clockwise), enclosed
 * signed area / length², and log of the longest step / length. Steps longer than `maxStep` are
 * tracking jumps (a lost point written as the image origin, another hand taken for this one): they
 * count as standing still, so the path is the motion around them.
 */
export function trajectoryFeatures(points: readonly Pick<Landmark, 'x' | 'y'>[], imageWidth: number, imageHeight: number, maxStep = Infinity): Float32Array {
  const steps = points.length - 1;
  const dx = Array.from({ length: steps }, (_, t) => (points[t + 1]!.x - points[t]!.x) / imageWidth);
  const dy = Array.from({ length: steps }, (_, t) => (points[t + 1]!.y - points[t]!.y) / imageHeight);
  for (let t = 0; t < steps; t++) {
    if (Math.hypot(dx[t]!, dy[t]!) > maxStep) dx[t] = dy[t] = 0;
  }
  // Positions relative to the first point, rebuilt from the kept steps, so the enclosed area does not
  // depend on where the path is.
  const xs = [0];
  const ys = [0];
  for (let t = 0; t < steps; t++) {
    xs.push(xs[t]! + dx[t]!);
    ys.push(ys[t]! + dy[t]!);
  }
  const lengths = dx.map((x, t) => Math.hypot(x, dy[t]!));
  const path = Math.max(
    lengths.reduce((a, b) => a + b, 0),
    MIN_PATH,
  );
  const out = new Float32Array(2 * steps + PATH_DESCRIPTORS);
  let signedTurn = 0;
  let absoluteTurn = 0;
  let area = 0;
  for (let t = 0; t < steps; t++) {
    out[2 * t] = dx[t]! / path;
    out[2 * t + 1] = dy[t]! / path;
    area += xs[t]! * ys[t + 1]! - xs[t + 1]! * ys[t]!;
    if (t > 0 && lengths[t - 1]! > 0 && lengths[t]! > 0) {
      const turn = Math.atan2(dx[t - 1]! * dy[t]! - dy[t - 1]! * dx[t]!, dx[t - 1]! * dx[t]! + dy[t - 1]! * dy[t]!);
      signedTurn += turn;
      absoluteTurn += Math.abs(turn);
    }
  }
  const net = Math.hypot(xs[steps]!, ys[steps]!);
  // The longest step's share of the path is floored so a point standing still gives a finite log.
  const longestShare = Math.max(Math.max(...lengths) / path, 1e-3);
  out.set([Math.log(path), net / path, signedTurn, absoluteTurn, area / 2 / (path * path), Math.log(longestShare)], 2 * steps);
  return out;
}
