// Back-and-forth motion of one coordinate over time: the turning points of a wave or of a
// handshake's pumping, found with a dead band so landmark jitter is not counted as motion.

export interface TimedValue {
  t: number;
  v: number;
}

/**
 * The signal's turning points: the first point, then each extreme the signal moved back from by at
 * least minAmplitude, then the current extreme of the swing under way (when it already spans
 * minAmplitude from the last turning point).
 */
export function turningPoints(points: readonly TimedValue[], minAmplitude: number): TimedValue[] {
  if (points.length === 0) return [];
  const turns: TimedValue[] = [points[0]!];
  let dir = 0;
  let low = points[0]!;
  let high = points[0]!;
  let extreme = points[0]!;
  for (const p of points) {
    if (dir === 0) {
      if (p.v < low.v) low = p;
      if (p.v > high.v) high = p;
      if (high.v - low.v >= minAmplitude) {
        // The first real swing starts at whichever extreme came first.
        const [from, to] = low.t <= high.t ? [low, high] : [high, low];
        turns[0] = from;
        extreme = to;
        dir = to === high ? 1 : -1;
      }
    } else if (dir * (p.v - extreme.v) > 0) {
      extreme = p;
    } else if (dir * (extreme.v - p.v) >= minAmplitude) {
      turns.push(extreme);
      extreme = p;
      dir = -dir;
    }
  }
  const last = turns[turns.length - 1]!;
  if (dir !== 0 && Math.abs(extreme.v - last.v) >= minAmplitude) turns.push(extreme);
  return turns;
}

/**
 * Direction reversals whose swings in and out each took between minSwingMs and maxSwingMs: the
 * count of a wave's "back and forth"s inside a frequency band. Only the latest unbroken run counts,
 * and none once the signal has stayed within half an amplitude of where it is now for longer than
 * maxStillMs (the motion has stopped, whatever jitter says).
 */
export function countReversals(points: readonly TimedValue[], minAmplitude: number, minSwingMs: number, maxSwingMs: number, maxStillMs = maxSwingMs): number {
  const turns = turningPoints(points, minAmplitude);
  let run = 0;
  for (let i = 1; i + 1 < turns.length; i++) {
    const into = turns[i]!.t - turns[i - 1]!.t;
    const out = turns[i + 1]!.t - turns[i]!.t;
    const ok = (d: number): boolean => d >= minSwingMs && d <= maxSwingMs;
    // The last swing may still be under way: only its upper bound applies yet.
    const outOk = i + 2 === turns.length ? out <= maxSwingMs : ok(out);
    run = ok(into) && outOk ? run + 1 : 0;
  }
  const now = points[points.length - 1]!;
  let i = points.length - 1;
  while (i >= 0 && Math.abs(points[i]!.v - now.v) < minAmplitude / 2) i--;
  return i < 0 || now.t - points[i]!.t > maxStillMs ? 0 : run;
}
