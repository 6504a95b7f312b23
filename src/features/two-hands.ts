// Two hands as one sample: each hand's pose, then where the second hand is and how large it is
// relative to the first. Hands are ordered by wrist x (image left first) so the order is stable.
import { WRIST, palmUnit, writeHandFeatures, type HandFeatureOptions, type HandInput } from './hand.js';

/** The two hands ordered left to right in the image. */
export function orderHands(hands: readonly [HandInput, HandInput]): [HandInput, HandInput] {
  const [a, b] = hands;
  return a.landmarks[WRIST]!.x <= b.landmarks[WRIST]!.x ? [a, b] : [b, a];
}

export function writeTwoHandFeatures(hands: readonly [HandInput, HandInput], options: HandFeatureOptions, out: Float32Array, offset: number): number {
  const [first, second] = orderHands(hands);
  let i = writeHandFeatures(first, options, out, offset);
  i = writeHandFeatures(second, options, out, i);
  const palmA = palmUnit(first.landmarks);
  const palmB = palmUnit(second.landmarks);
  const unit = (palmA + palmB) / 2;
  const wa = first.landmarks[WRIST]!;
  const wb = second.landmarks[WRIST]!;
  out[i++] = (wb.x - wa.x) / unit;
  out[i++] = (wb.y - wa.y) / unit;
  out[i++] = Math.log(palmB / palmA);
  return i;
}
