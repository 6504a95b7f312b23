// Which tracked people get the pose model this frame when it may run on only a few of them
// (people.posesPerFrame): the ones updated longest ago, so with two people and one pose a frame each
// is updated every other frame and every frame costs the same (a frame median counts every frame).
// Pure: the caller keeps the frame counts.
import type { Landmark } from '../types.js';

/**
 * Indices of the people to run the pose model on: at most `budget` (0: all), those whose last pose
 * is oldest (`lastPosed`, a frame count each) first, ties in list order.
 */
export function peopleDue(lastPosed: readonly number[], budget: number): number[] {
  const order = lastPosed.map((_, i) => i);
  if (budget <= 0 || budget >= order.length) return order;
  return order
    .sort((a, b) => lastPosed[a]! - lastPosed[b]! || a - b)
    .slice(0, budget)
    .sort((a, b) => a - b);
}

/**
 * A person's landmarks `ahead` frames after its last pose, moved on at the velocity between its
 * last two poses (`between` frames apart): a person whose turn it is not keeps moving instead of
 * freezing, so two people's points stay in step. Visibility and presence are the last pose's.
 */
export function extrapolateLandmarks<P extends Landmark>(last: readonly P[], previous: readonly P[], between: number, ahead: number): P[] {
  const k = between > 0 ? ahead / between : 0;
  return last.map((p, i) => {
    const q = previous[i]!;
    return { ...p, x: p.x + k * (p.x - q.x), y: p.y + k * (p.y - q.y), z: p.z + k * (p.z - q.z) };
  });
}
