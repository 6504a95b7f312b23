// Pose parity maths (bench/pipeline/match.ts): torso size, per-point distances on visible points, and
// matching our pose to MediaPipe's, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { matchPose, poseDistances, type ReferencePosePoint, torsoSize } from '../../bench/pipeline/match.js';

/** 33 points at (x, y), visible unless listed; shoulders at y 0, hips at y 100 (torso 100 px). */
function pose(shift: number, hidden: readonly number[] = []): ReferencePosePoint[] {
  return Array.from({ length: 33 }, (_, i) => ({
    x: 10 * i + shift,
    y: i === 23 || i === 24 ? 100 : i === 11 || i === 12 ? 0 : 50,
    z: 0,
    visibility: hidden.includes(i) ? 0.2 : 0.9,
  }));
}

describe('pose matching maths', () => {
  it('measures the torso from the shoulders’ midpoint to the hips’', () => {
    const points = pose(0);
    points[11] = { ...points[11]!, x: 0, y: 0 };
    points[12] = { ...points[12]!, x: 40, y: 0 };
    points[23] = { ...points[23]!, x: 0, y: 30 };
    points[24] = { ...points[24]!, x: 80, y: 30 };
    // Shoulders' mid (20, 0), hips' mid (40, 30): hypot(20, 30).
    expect(torsoSize(points)).toBeCloseTo(Math.hypot(20, 30), 9);
  });

  it('gives distances in torso sizes on visible reference points only, and every point when none is visible', () => {
    const reference = pose(0, [0, 5]);
    const distances = poseDistances(pose(3), reference);
    // Shoulders (110, 0)/(120, 0) and hips (230, 100)/(240, 100): torso hypot(120, 100).
    const torso = Math.hypot(120, 100);
    expect(distances[0]).toBeUndefined();
    expect(distances[5]).toBeUndefined();
    expect(distances[1]).toBeCloseTo(3 / torso, 9);
    expect(distances.filter((d) => d !== undefined)).toHaveLength(31);
    const allHidden = poseDistances(
      pose(3),
      pose(
        0,
        Array.from({ length: 33 }, (_, i) => i),
      ),
    );
    expect(allHidden.every((d) => d !== undefined)).toBe(true);
  });

  it('matches the closest pose within half a torso and none beyond', () => {
    const reference = pose(0);
    const torso = torsoSize(reference);
    expect(matchPose([pose(40), pose(5), pose(-10)], reference)?.index).toBe(1);
    expect(matchPose([pose(0.6 * torso)], reference)).toBeUndefined();
    expect(matchPose([], reference)).toBeUndefined();
  });
});
