// Which tracked people get the pose model this frame when it may run on only a few of them
// (people.posesPerFrame): the ones updated longest ago, so with two people and one pose a frame each
// is updated every other frame and every frame costs the same (a frame median counts every frame).
// Pure: the caller keeps the frame counts.

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
