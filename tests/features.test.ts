// The shared feature module: what training computes is what the daemon computes, and it ignores
// where a hand is, how large it is and (when asked) how it is tilted.
import { describe, expect, it } from 'vitest';
import { computeFeatures, featureShape, FEATURE_SPEC_VERSION, sameFeatureSpec, type FeatureSpec, type HandInput } from '../src/features/index.js';
import type { Landmark } from '../src/types.js';
import { UserError } from '../src/util/errors.js';

/** A plausible open right hand in pixels: wrist at (300, 400), fingers up. */
function hand(): Landmark[] {
  const points: Landmark[] = [{ x: 300, y: 400, z: 0 }];
  const bases = [-60, -25, 0, 22, 42];
  bases.forEach((dx, finger) => {
    for (let joint = 1; joint <= 4; joint++) {
      const bend = finger === 0 ? joint * 12 : 0;
      points.push({ x: 300 + dx * (finger === 0 ? joint / 2 : 1) - bend, y: 400 - (finger === 0 ? 20 * joint : 80 + 25 * joint), z: -joint * 3 });
    }
  });
  return points;
}

function transform(points: Landmark[], f: (p: Landmark) => Landmark): Landmark[] {
  return points.map(f);
}

function rotateAbout(points: Landmark[], angle: number, cx: number, cy: number): Landmark[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return transform(points, (p) => ({ x: cx + c * (p.x - cx) - s * (p.y - cy), y: cy + s * (p.x - cx) + c * (p.y - cy), z: p.z }));
}

const pose = (options: Partial<Extract<FeatureSpec, { kind: 'hand-pose' }>> = {}): FeatureSpec => ({
  version: FEATURE_SPEC_VERSION,
  kind: 'hand-pose',
  rotate: false,
  useZ: true,
  angles: true,
  coordinates: true,
  scale: 'palm',
  handedness: 'feature',
  ...options,
});

function poseOf(spec: FeatureSpec, landmarks: Landmark[], handedness: HandInput['handedness'] = 'Right'): Float32Array {
  return computeFeatures(spec, { kind: 'hand-pose', hand: { landmarks, handedness } });
}

function expectClose(a: Float32Array, b: Float32Array, tolerance = 1e-4): void {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[i]!))));
  expect(max).toBeLessThan(tolerance);
}

describe('hand pose features', () => {
  it('have the size the spec declares and differ between poses', () => {
    const spec = pose();
    const f = poseOf(spec, hand());
    expect(f.length).toBe(featureShape(spec)[0]);
    expect(f.length).toBe(21 * 3 + 20 + 1);
    const fist = transform(hand(), (p) => ({ ...p, y: Math.max(p.y, 330) }));
    expect(Math.max(...poseOf(spec, fist).map((v, i) => Math.abs(v - f[i]!)))).toBeGreaterThan(0.3);
  });

  it('do not change when the hand moves or changes size', () => {
    const spec = pose();
    const base = poseOf(spec, hand());
    expectClose(
      poseOf(
        spec,
        transform(hand(), (p) => ({ x: p.x + 137, y: p.y - 59, z: p.z + 4 })),
      ),
      base,
    );
    expectClose(
      poseOf(
        spec,
        transform(hand(), (p) => ({ x: 2.5 * p.x, y: 2.5 * p.y, z: 2.5 * p.z })),
      ),
      base,
    );
    expectClose(
      poseOf(
        spec,
        transform(hand(), (p) => ({ x: 0.3 * p.x - 40, y: 0.3 * p.y + 8, z: 0.3 * p.z })),
      ),
      base,
    );
  });

  it("in extent units (the landmark CSVs' unit) do not change when the hand moves or changes size either", () => {
    const spec = pose({ scale: 'extent' });
    const base = poseOf(spec, hand());
    expectClose(
      poseOf(
        spec,
        transform(hand(), (p) => ({ x: 0.4 * p.x + 90, y: 0.4 * p.y - 17, z: 0.4 * p.z })),
      ),
      base,
    );
    // The largest |x| or |y| from the wrist becomes 1: here the middle fingertip, 180 px above the wrist.
    expect(Math.min(...base.subarray(0, 63))).toBeCloseTo(-1, 6);
    // A palm turned away from the camera shrinks the palm unit, not the extent: extent features stay bounded.
    const foreshortened = transform(hand(), (p) => ({ ...p, y: 400 + (p.y - 400) * 0.1 }));
    expect(Math.max(...poseOf(spec, foreshortened).subarray(0, 63).map(Math.abs))).toBeCloseTo(1, 6);
  });

  it('can leave the coordinates out and keep the angles only', () => {
    const spec = pose({ coordinates: false, handedness: 'ignore' });
    expect(featureShape(spec)).toEqual([20]);
    const f = poseOf(spec, hand());
    expect(f.length).toBe(20);
    // The joint cosines of the full vector, after its coordinates.
    expectClose(f, poseOf(pose({ handedness: 'ignore' }), hand()).subarray(63));
  });

  it('do not change with in-plane rotation when rotation normalisation is on, and do when it is off', () => {
    const tilted = rotateAbout(hand(), 0.7, 120, 80);
    expectClose(poseOf(pose({ rotate: true }), tilted), poseOf(pose({ rotate: true }), hand()));
    const off = pose({ rotate: false });
    expect(Math.max(...poseOf(off, tilted).map((v, i) => Math.abs(v - poseOf(off, hand())[i]!)))).toBeGreaterThan(0.1);
  });

  it('mirror a left hand onto the right one, or carry handedness as ±1', () => {
    const mirrored = transform(hand(), (p) => ({ ...p, x: 600 - p.x }));
    const spec = pose({ handedness: 'mirror' });
    expectClose(poseOf(spec, mirrored, 'Left'), poseOf(spec, hand(), 'Right'));
    const withFlag = pose({ handedness: 'feature' });
    expect(poseOf(withFlag, hand(), 'Right').at(-1)).toBe(1);
    expect(poseOf(withFlag, hand(), 'Left').at(-1)).toBe(-1);
  });
});

describe('two-hand features', () => {
  const spec: FeatureSpec = {
    version: FEATURE_SPEC_VERSION,
    kind: 'two-hand-pose',
    rotate: false,
    useZ: false,
    angles: false,
    coordinates: true,
    scale: 'palm',
    handedness: 'feature',
  };
  const left = transform(hand(), (p) => ({ ...p, x: p.x - 200 }));
  const right = transform(hand(), (p) => ({ x: 1.5 * (p.x + 200), y: 1.5 * p.y, z: p.z }));
  const features = (a: Landmark[], b: Landmark[]) =>
    computeFeatures(spec, {
      kind: 'two-hand-pose',
      hands: [
        { landmarks: a, handedness: 'Right' },
        { landmarks: b, handedness: 'Left' },
      ],
    });

  it('do not depend on the order the hands come in', () => {
    const l: HandInput = { landmarks: left, handedness: 'Right' };
    const r: HandInput = { landmarks: right, handedness: 'Left' };
    expectClose(computeFeatures(spec, { kind: 'two-hand-pose', hands: [l, r] }), computeFeatures(spec, { kind: 'two-hand-pose', hands: [r, l] }));
  });

  it('carry relative position and scale, invariant to moving and scaling the whole scene', () => {
    const f = features(left, right);
    expect(f.length).toBe(featureShape(spec)[0]);
    expect(f.at(-1)).toBeCloseTo(Math.log(1.5), 5);
    const moved = (points: Landmark[]) => transform(points, (p) => ({ x: 0.5 * p.x + 33, y: 0.5 * p.y - 12, z: p.z }));
    expectClose(features(moved(left), moved(right)), f);
  });
});

describe('time windows', () => {
  it('hand windows are [T, 2 x channels] with velocities, and the wrist path is in palm units', () => {
    const spec: FeatureSpec = {
      version: FEATURE_SPEC_VERSION,
      kind: 'hand-temporal',
      rotate: false,
      useZ: false,
      angles: false,
      coordinates: true,
      scale: 'palm',
      handedness: 'ignore',
      window: 4,
      fps: 15,
    };
    const [T, channels] = featureShape(spec) as [number, number];
    const frames = [0, 1, 2, 3].map((t) => ({ landmarks: transform(hand(), (p) => ({ ...p, x: p.x + 10 * t })) }));
    const f = computeFeatures(spec, { kind: 'hand-temporal', frames });
    expect(f.length).toBe(T * channels);
    const half = channels / 2;
    const palm = Math.hypot(0 - 0, 400 - 295); // wrist to middle-finger base in hand()
    // Wrist x relative to the last frame: -30, -20, -10, 0 pixels; velocity +10 pixels a frame after the first.
    const wristX = (t: number) => f[t * channels + half - 2]!;
    const velocityX = (t: number) => f[t * channels + channels - 2]!;
    expect(wristX(0)).toBeCloseTo(-30 / palm, 4);
    expect(wristX(3)).toBeCloseTo(0, 6);
    expect(velocityX(0)).toBe(0);
    expect(velocityX(2)).toBeCloseTo(10 / palm, 4);
  });

  it('trajectories are steps in units of path length plus path descriptors, and need the full window', () => {
    const spec: FeatureSpec = { version: FEATURE_SPEC_VERSION, kind: 'trajectory', point: 8, encoding: 'shape', window: 3, fps: 30 };
    const points = [
      { x: 100, y: 50 },
      { x: 110, y: 50 },
      { x: 130, y: 60 },
    ];
    const f = computeFeatures(spec, { kind: 'trajectory', points, imageWidth: 200, imageHeight: 100 });
    // Steps (0.05, 0) and (0.1, 0.1) in image units; path length 0.05 + 0.1·√2.
    const path = 0.05 + 0.1 * Math.SQRT2;
    const expected = [
      0.05 / path,
      0,
      0.1 / path,
      0.1 / path,
      Math.log(path),
      Math.hypot(0.15, 0.1) / path,
      Math.PI / 4,
      Math.PI / 4,
      0.0025 / path ** 2,
      Math.log((0.1 * Math.SQRT2) / path),
    ];
    expect(f.length).toBe(expected.length);
    expected.forEach((v, i) => expect(f[i]).toBeCloseTo(v, 5));
    // The same path elsewhere in the frame, or drawn twice as big, has the same shape.
    const moved = computeFeatures(spec, {
      kind: 'trajectory',
      points: points.map((p) => ({ x: 2 * p.x + 17, y: 2 * p.y - 9 })),
      imageWidth: 200,
      imageHeight: 100,
    });
    [0, 1, 2, 3, 5, 6, 7, 8, 9].forEach((i) => expect(moved[i]).toBeCloseTo(f[i]!, 5));
    expect(moved[4]).toBeCloseTo(f[4]! + Math.log(2), 5);
    // Going round the other way flips the sign of the turn and of the area.
    const mirrored = computeFeatures(spec, { kind: 'trajectory', points: points.map((p) => ({ x: p.x, y: -p.y })), imageWidth: 200, imageHeight: 100 });
    expect(mirrored[6]).toBeCloseTo(-f[6]!, 5);
    expect(mirrored[8]).toBeCloseTo(-f[8]!, 5);
    expect(() => computeFeatures(spec, { kind: 'trajectory', points: [{ x: 1, y: 1 }], imageWidth: 1, imageHeight: 1 })).toThrow(UserError);
  });

  it('a trajectory step longer than maxStep is a tracking jump and counts as standing still', () => {
    const spec: FeatureSpec = { version: FEATURE_SPEC_VERSION, kind: 'trajectory', point: 8, encoding: 'shape', maxStep: 0.2, window: 5, fps: 30 };
    // Image units: right 0.1, the point lost (written as the image origin, 0.6 away), back, then up 0.1.
    const points = [
      { x: 0.5, y: 0.3 },
      { x: 0.6, y: 0.3 },
      { x: 0, y: 0 },
      { x: 0.6, y: 0.3 },
      { x: 0.6, y: 0.2 },
    ];
    const f = computeFeatures(spec, { kind: 'trajectory', points, imageWidth: 1, imageHeight: 1 });
    // Kept steps (0.1, 0), (0, 0), (0, 0), (0, -0.1): path 0.2, net √0.02; the jumps carry no turn;
    // the area of the triangle start, (0.1, 0), (0.1, -0.1) is -0.005 (y points down).
    const expected = [0.5, 0, 0, 0, 0, 0, 0, -0.5, Math.log(0.2), Math.SQRT2 / 2, 0, 0, -0.005 / 0.04, Math.log(0.5)];
    expect(f.length).toBe(expected.length);
    expected.forEach((v, i) => expect(f[i]).toBeCloseTo(v, 5));
    // Without maxStep the jumps are the path.
    const { maxStep: _, ...everyStep } = spec;
    expect(computeFeatures(everyStep, { kind: 'trajectory', points, imageWidth: 1, imageHeight: 1 })[8]).toBeCloseTo(
      Math.log(0.2 + 2 * Math.hypot(0.6, 0.3)),
      5,
    );
  });

  it('trajectories as given are the points relative to the first, in image units', () => {
    const spec: FeatureSpec = { version: FEATURE_SPEC_VERSION, kind: 'trajectory', point: 8, encoding: 'raw', window: 3, fps: 30 };
    const f = computeFeatures(spec, {
      kind: 'trajectory',
      points: [
        { x: 100, y: 50 },
        { x: 110, y: 50 },
        { x: 130, y: 60 },
      ],
      imageWidth: 200,
      imageHeight: 100,
    });
    expect(featureShape(spec)).toEqual([6]);
    [0, 0, 0.05, 0, 0.15, 0.1].forEach((v, i) => expect(f[i]).toBeCloseTo(v, 6));
  });

  it('a spec compares equal whatever its key order', () => {
    expect(sameFeatureSpec(pose(), JSON.parse(JSON.stringify(pose(), Object.keys(pose()).reverse())))).toBe(true);
    expect(sameFeatureSpec(pose(), pose({ rotate: true }))).toBe(false);
  });
});
