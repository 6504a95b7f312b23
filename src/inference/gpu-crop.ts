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
  const low = range[0];
  const scale = (range[1] - low) / 255;
  const zeroBorder = border === 'zero';
  const out = new Float32Array(size * size * 3);
  const maxX = width - 1;
  const maxY = height - 1;
  const rowBytes = 3 * width;
  for (let v = 0, o = 0; v < size; v++) {
    // The row's share of the map, hoisted: a * u + bv + c adds in the same order as a * u + b * v + c.
    const bv = b * v;
    const ev = e * v;
    for (let u = 0; u < size; u++, o += 3) {
      // Frame pixel index (centres at integers) this crop pixel reads.
      const x = a * u + bv + c;
      const y = d * u + ev + f;
      if (zeroBorder && (x < -0.5 || x > width - 0.5 || y < -0.5 || y > height - 0.5)) {
        out[o] = out[o + 1] = out[o + 2] = low;
        continue;
      }
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      // Byte offsets of the four taps: inside the frame the neighbours, at its edge clamped (CLAMP_TO_EDGE).
      let p00: number;
      let p01: number;
      let p10: number;
      let p11: number;
      if (x0 >= 0 && y0 >= 0 && x0 < maxX && y0 < maxY) {
        p00 = y0 * rowBytes + 3 * x0;
        p01 = p00 + 3;
        p10 = p00 + rowBytes;
        p11 = p10 + 3;
      } else {
        const xa = 3 * Math.min(Math.max(x0, 0), maxX);
        const xb = 3 * Math.min(Math.max(x0 + 1, 0), maxX);
        const ya = Math.min(Math.max(y0, 0), maxY) * rowBytes;
        const yb = Math.min(Math.max(y0 + 1, 0), maxY) * rowBytes;
        p00 = ya + xa;
        p01 = ya + xb;
        p10 = yb + xa;
        p11 = yb + xb;
      }
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const w00 = 1 - w01 - w10 - w11;
      // BGR in, RGB out.
      out[o] = (w00 * data[p00 + 2]! + w01 * data[p01 + 2]! + w10 * data[p10 + 2]! + w11 * data[p11 + 2]!) * scale + low;
      out[o + 1] = (w00 * data[p00 + 1]! + w01 * data[p01 + 1]! + w10 * data[p10 + 1]! + w11 * data[p11 + 1]!) * scale + low;
      out[o + 2] = (w00 * data[p00]! + w01 * data[p01]! + w10 * data[p10]! + w11 * data[p11]!) * scale + low;
    }
  }
  return out;
}
