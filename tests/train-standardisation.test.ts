// Input standardisation: per channel (last axis), over the chosen samples and over time for windows.
import { describe, expect, it } from 'vitest';
import { fitStandardisation, standardise } from '../src/train/standardisation.js';

describe('input standardisation', () => {
  it('takes mean and 1/std per channel over the given samples only, across time steps', () => {
    // Three samples of shape [2 steps, 2 channels]; the third is left out of the fit.
    const x = Float32Array.from([1, 10, 3, 10, 5, 10, 7, 10, 100, -100, 100, -100]);
    const s = fitStandardisation(x, [2, 2], [0, 1]);
    expect(Array.from(s.mean)).toEqual([4, 10]);
    expect(s.scale[0]).toBeCloseTo(1 / Math.sqrt(5), 6);
    // A constant channel is left at scale 1 rather than divided by zero.
    expect(s.scale[1]).toBe(1);
    const out = standardise(x, s);
    expect(out[0]).toBeCloseTo(-3 / Math.sqrt(5), 6);
    expect(out[1]).toBe(0);
    expect(out[8]).toBeCloseTo(96 / Math.sqrt(5), 4);
  });
});
