// How a model's crop reads the frame (frame-image.ts, gpu-crop.ts, region.ts gpuSamplingMatrix): as
// MediaPipe's GPU ImageToTensor (crop pixel centres, float reads, zero border black only beyond the
// frame's edge), against hand-computed values on crops of known frames.
import { describe, expect, it } from 'vitest';
import { frameFromBgr } from '../src/capture/bgr-frame.js';
import { type CropBorder, withFrameImage } from '../src/inference/frame-image.js';
import { gpuSamplingMatrix } from '../src/inference/region.js';
import type { HandRegion } from '../src/types.js';

/** A 4x4 grey frame whose columns have these values. */
const columnsFrame = (columns: readonly number[]) =>
  frameFromBgr(
    new Uint8Array(4 * 4 * 3).map((_, i) => columns[Math.floor(i / 3) % 4]!),
    4,
    4,
    0,
  );

/** One row of a crop of the frame, as 0-255 grey values. */
async function cropRow(columns: readonly number[], region: HandRegion, size: number, border: CropBorder, row: number): Promise<number[]> {
  return withFrameImage(columnsFrame(columns), async (image) => {
    const pixels = image.crop(region, size, border);
    return Array.from({ length: size }, (_, u) => Math.round(pixels[3 * (row * size + u)]! * 255));
  });
}

describe('model crops', () => {
  it("reads each crop pixel's centre through the region, at the frame pixel centred there", () => {
    // Upright 40 px square around (100, 50), 4x4 crop: 10 frame px a crop px, corner at (80, 30).
    // Crop pixel 0's centre (0.5) lies at 85, the frame pixel centred at 85 has index 84.5.
    const upright: HandRegion = { xCenter: 100, yCenter: 50, width: 40, height: 40, rotation: 0 };
    const m = gpuSamplingMatrix(upright, 4);
    [10, 0, 84.5, 0, 10, 34.5].forEach((value, i) => expect(m[i]).toBeCloseTo(value, 12));
    // Turned a quarter: crop x runs down the frame, crop y runs left; the crop's corner is at (120, 30).
    const turned: HandRegion = { ...upright, rotation: Math.PI / 2 };
    const t = gpuSamplingMatrix(turned, 4);
    [0, -10, 114.5, 10, 0, 34.5].forEach((value, i) => expect(t[i]).toBeCloseTo(value, 12));
  });

  it("halving a frame averages each pair of pixels (MediaPipe's CPU graph would pick every other one: 0, 120)", async () => {
    const whole: HandRegion = { xCenter: 2, yCenter: 2, width: 4, height: 4, rotation: 0 };
    expect(await cropRow([0, 60, 120, 180], whole, 2, 'replicate', 0)).toEqual([30, 150]);
  });

  it("the zero border: edge pixels up to the frame's edge, black beyond it", async () => {
    const columns = [40, 80, 120, 160];
    // 6 px wide around the frame's centre, 3 crop px: centres at x 0, 2 and 4, the frame's edges and middle.
    const edges: HandRegion = { xCenter: 2, yCenter: 2, width: 6, height: 6, rotation: 0 };
    expect(await cropRow(columns, edges, 3, 'zero', 1)).toEqual([40, 100, 160]);
    // 8 px wide: centres at x −1, 1, 3 and 5; the outer two are beyond the frame (replicate would repeat the edges).
    const wider: HandRegion = { xCenter: 2, yCenter: 2, width: 8, height: 8, rotation: 0 };
    expect(await cropRow(columns, wider, 4, 'zero', 1)).toEqual([0, 60, 140, 0]);
    expect(await cropRow(columns, wider, 4, 'replicate', 1)).toEqual([40, 60, 140, 160]);
    // The first row's centres lie above the frame (y −1): all black.
    expect(await cropRow(columns, wider, 4, 'zero', 0)).toEqual([0, 0, 0, 0]);
  });

  it('reads in floating point: a quarter of the way from grey level 0 to 1 is 0.25', async () => {
    // Half a frame pixel a crop pixel: crop pixel 1's centre lies at x 0.75, frame index 0.25.
    const region: HandRegion = { xCenter: 2, yCenter: 2, width: 4, height: 4, rotation: 0 };
    await withFrameImage(columnsFrame([0, 1, 0, 0]), async (image) => {
      expect(image.crop(region, 8, 'replicate')[3]! * 255).toBeCloseTo(0.25, 5);
    });
  });
});
