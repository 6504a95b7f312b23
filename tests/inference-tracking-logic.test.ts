// Tracker decisions without models: association of new palm regions, duplicate suppression, smoothing.
import { describe, expect, it } from 'vitest';
import { distinctHands, LandmarkSmoother, newHandRegions } from '../src/inference/tracking.js';
import type { HandRegion } from '../src/types.js';

const square = (x: number, y: number, side = 100, rotation = 0): HandRegion => ({ xCenter: x, yCenter: y, width: side, height: side, rotation });

describe('new hand regions', () => {
  it('drop palm regions that overlap tracked ones and keep distinct ones up to the room left', () => {
    const tracked = [square(100, 100)];
    const candidates = [
      { region: square(110, 100), id: 'same hand' }, // IoU 90/110 with the tracked one
      { region: square(400, 100), id: 'new A' },
      { region: square(405, 100), id: 'new A again' },
      { region: square(700, 100), id: 'new B' },
    ];
    expect(newHandRegions(candidates, tracked, 3, 0.5).map((c) => c.id)).toEqual(['new A', 'new B']);
    expect(newHandRegions(candidates, tracked, 1, 0.5).map((c) => c.id)).toEqual(['new A']);
    expect(newHandRegions(candidates, [], 4, 0.5).map((c) => c.id)).toEqual(['same hand', 'new A', 'new B']);
  });

  it('compare rotated regions by their axis-aligned boxes', () => {
    // A 45° square's box is √2 larger: IoU with the upright one is 1/2, not above 0.5.
    const found = newHandRegions([{ region: square(0, 0, 100, Math.PI / 4) }], [square(0, 0)], 1, 0.5);
    expect(found).toHaveLength(1);
    expect(newHandRegions([{ region: square(0, 0, 100, Math.PI / 4) }], [square(0, 0)], 1, 0.49)).toHaveLength(0);
  });
});

describe('duplicate hands', () => {
  it('keep the first of overlapping hands and every separate one', () => {
    const box = (xMin: number) => ({ xMin, yMin: 0, width: 100, height: 100 });
    expect(distinctHands([box(0), box(10), box(300), box(60)], 0.5)).toEqual([0, 2, 3]);
  });
});

describe('landmark smoothing', () => {
  it('filters in hand sizes: the same relative jitter is damped the same for a near and a far hand', () => {
    const params = { minCutoff: 1, beta: 5, derivativeCutoff: 1 }; // beta > 0: speed matters, so units do
    const near = new LandmarkSmoother(params, 1);
    const far = new LandmarkSmoother(params, 1);
    near.smooth([{ x: 0, y: 0, z: 0 }], 0, 200);
    far.smooth([{ x: 0, y: 0, z: 0 }], 0, 50);
    const [n] = near.smooth([{ x: 20, y: 0, z: 0 }], 100, 200);
    const [f] = far.smooth([{ x: 5, y: 0, z: 0 }], 100, 50);
    expect(n!.x).toBeGreaterThan(0);
    expect(n!.x).toBeLessThan(20);
    expect(n!.x / 200).toBeCloseTo(f!.x / 50, 12);
  });
});
