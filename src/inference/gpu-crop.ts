// A model crop cut as MediaPipe's GPU ImageToTensor cuts it (a texture read in its WebGL solutions):
// each crop pixel reads the frame at its centre mapped through the region, bilinearly and in floating
// point (OpenCV's warp rounds to 8 bits and to 1/32 pixel, which moves the pose detector's region by
// 0.1% of its size), edge pixels repeated, and with a zero border black beyond the frame's edge.
import type { HandRegion } from '../types.js';
import { gpuSamplingMatrix } from './region.js';

/** The image a crop reads: BGR bytes, row-major (Frame.data). */
export interface BgrImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The region resampled to size×size RGB floats in `range`, NHWC. `border`: 'replicate' (GL's
 * CLAMP_TO_EDGE) or 'zero' (MediaPipe's shader without a border colour: the same read inside the
 * frame, range[0] where a pixel centre falls outside it).
 */
export function gpuCrop(image: BgrImage, region: HandRegion, size: number, border: 'zero' | 'replicate', range: readonly [number, number]): Float32Array {
  const { data, width, height } = image;
  const [a, b, c, d, e, f] = gpuSamplingMatrix(region, size);
  const scale = (range[1] - range[0]) / 255;
  const out = new Float32Array(size * size * 3);
  const maxX = width - 1;
  const maxY = height - 1;
  for (let v = 0, o = 0; v < size; v++) {
    for (let u = 0; u < size; u++, o += 3) {
      // Frame pixel index (centres at integers) this crop pixel reads.
      const x = a * u + b * v + c;
      const y = d * u + e * v + f;
      if (border === 'zero' && (x < -0.5 || x > width - 0.5 || y < -0.5 || y > height - 0.5)) {
        out[o] = out[o + 1] = out[o + 2] = range[0];
        continue;
      }
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      // Taps clamped to the frame (CLAMP_TO_EDGE); inside it, the four neighbours.
      const inside = x0 >= 0 && y0 >= 0 && x0 < maxX && y0 < maxY;
      const xa = inside ? x0 : Math.min(Math.max(x0, 0), maxX);
      const xb = inside ? x0 + 1 : Math.min(Math.max(x0 + 1, 0), maxX);
      const ya = inside ? y0 : Math.min(Math.max(y0, 0), maxY);
      const yb = inside ? y0 + 1 : Math.min(Math.max(y0 + 1, 0), maxY);
      const p00 = 3 * (ya * width + xa);
      const p01 = 3 * (ya * width + xb);
      const p10 = 3 * (yb * width + xa);
      const p11 = 3 * (yb * width + xb);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const w00 = 1 - w01 - w10 - w11;
      // BGR in, RGB out.
      out[o] = (w00 * data[p00 + 2]! + w01 * data[p01 + 2]! + w10 * data[p10 + 2]! + w11 * data[p11 + 2]!) * scale + range[0];
      out[o + 1] = (w00 * data[p00 + 1]! + w01 * data[p01 + 1]! + w10 * data[p10 + 1]! + w11 * data[p11 + 1]!) * scale + range[0];
      out[o + 2] = (w00 * data[p00]! + w01 * data[p01]! + w10 * data[p10]! + w11 * data[p11]!) * scale + range[0];
    }
  }
  return out;
}
