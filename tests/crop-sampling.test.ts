// Where a model's crop reads the frame (region.ts CropSampling, frame-image.ts): MediaPipe's CPU
// convention (crop indices on the region's corners) and its GPU one (crop pixel centres), the maths
// against hand-computed values and a real OpenCV crop of a known frame.
import { describe, expect, it } from 'vitest';
import { frameFromBgr } from '../src/capture/bgr-frame.js';
import { withFrameImage } from '../src/inference/frame-image.js';
import { cropSamplingMatrix, cropToFrameMatrix } from '../src/inference/region.js';
import type { HandRegion } from '../src/types.js';

describe('crop sampling', () => {
  it("'corners' is the region's own crop-to-frame map", () => {
    const region: HandRegion = { xCenter: 100, yCenter: 50, width: 40, height: 40, rotation: 0.3 };
    expect(cropSamplingMatrix(region, 4, 'corners')).toEqual(cropToFrameMatrix(region, 4));
  });

  it("'centres' reads each crop pixel's centre through the region, at the frame pixel centred there", () => {
    // Upright 40 px square around (100, 50), 4x4 crop: 10 frame px a crop px, corner at (80, 30).
    // Crop pixel 0's centre (0.5) lies at 85, the frame pixel centred at 85 has index 84.5.
    const upright: HandRegion = { xCenter: 100, yCenter: 50, width: 40, height: 40, rotation: 0 };
    const m = cropSamplingMatrix(upright, 4, 'centres');
    [10, 0, 84.5, 0, 10, 34.5].forEach((value, i) => expect(m[i]).toBeCloseTo(value, 12));
    // Turned a quarter: crop x runs down the frame, crop y runs left; the crop's corner is at (120, 30).
    const turned: HandRegion = { ...upright, rotation: Math.PI / 2 };
    const t = cropSamplingMatrix(turned, 4, 'centres');
    [0, -10, 114.5, 10, 0, 34.5].forEach((value, i) => expect(t[i]).toBeCloseTo(value, 12));
  });

  it('halving a frame with centres averages each pair of pixels; corners picks every other one', async () => {
    // 4x4 grey frame whose columns are 0, 60, 120, 180; the region is the whole frame (corners 0 and 4).
    const columns = [0, 60, 120, 180];
    const data = new Uint8Array(4 * 4 * 3).map((_, i) => columns[Math.floor(i / 3) % 4]!);
    const frame = frameFromBgr(data, 4, 4, 0);
    const whole: HandRegion = { xCenter: 2, yCenter: 2, width: 4, height: 4, rotation: 0 };
    const firstRow = (pixels: Float32Array): number[] => [pixels[0]!, pixels[3]!].map((v) => Math.round(v * 255));
    await withFrameImage(frame, async (image) => {
      expect(firstRow(image.crop(whole, 2, 'replicate', [0, 1], 'centres'))).toEqual([30, 150]);
      expect(firstRow(image.crop(whole, 2, 'replicate', [0, 1], 'corners'))).toEqual([0, 120]);
      expect(firstRow(image.crop(whole, 2, 'replicate'))).toEqual([0, 120]);
    });
  });
});
