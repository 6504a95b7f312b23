// A frame as an OpenCV image, made once per frame and shared by every crop taken from it, and the
// crop → model input conversion: as MediaPipe's CPU ImageToTensor, one warpAffine (rotation, scale,
// letterbox in one resampling) then BGR→RGB and [0,1] scaling, all inside OpenCV; as its GPU one,
// gpu-crop.ts.
import type { Frame, HandRegion } from '../types.js';
import { loadOpenCV, type Mat } from '../util/opencv.js';
import { gpuCrop } from './gpu-crop.js';
import { cropToFrameMatrix, type CropConvention } from './region.js';

/** How pixels outside the frame are filled: zeros (palm letterbox) or the nearest edge pixel (hand crops). */
export type CropBorder = 'zero' | 'replicate';

export class FrameImage {
  private mat: Mat | undefined;

  constructor(readonly frame: Frame) {}

  get width(): number {
    return this.frame.width;
  }

  get height(): number {
    return this.frame.height;
  }

  /**
   * The frame's pixels as a BGR Mat (one copy, made on first use). Internal: kept out of the library's
   * declarations, whose readers would otherwise need OpenCV's typings (they fail without skipLibCheck).
   * @internal
   */
  image(): Mat {
    if (!this.mat) {
      const cv = loadOpenCV();
      const { data, width, height } = this.checkedFrame();
      this.mat = new cv.Mat(Buffer.from(data.buffer, data.byteOffset, data.byteLength), height, width, cv.CV_8UC3);
    }
    return this.mat;
  }

  /** Frees the frame's native copy (call when done with the frame; image() would make it again). */
  release(): void {
    this.mat?.release();
    this.mat = undefined;
  }

  /**
   * The region resampled to size×size RGB floats in [0,1] (or `range`, e.g. [-1, 1] for the pose
   * detector), NHWC, ready for the models, cut as MediaPipe's CPU or GPU ImageToTensor does
   * (CropConvention; the hand models follow its CPU graphs, the pose models its GPU one).
   */
  crop(region: HandRegion, size: number, border: CropBorder, range: readonly [number, number] = [0, 1], convention: CropConvention = 'cpu'): Float32Array {
    if (convention === 'gpu') return gpuCrop(this.checkedFrame(), region, size, border, range);
    const cv = loadOpenCV();
    const m = cropToFrameMatrix(region, size);
    const transform = new cv.Mat(
      [
        [m[0], m[1], m[2]],
        [m[3], m[4], m[5]],
      ],
      cv.CV_64F,
    );
    const warped = this.image().warpAffine(
      transform,
      new cv.Size(size, size),
      cv.INTER_LINEAR | cv.WARP_INVERSE_MAP,
      border === 'zero' ? cv.BORDER_CONSTANT : cv.BORDER_REPLICATE,
      new cv.Vec3(0, 0, 0),
    );
    const rgb = warped.cvtColor(cv.COLOR_BGR2RGB);
    const floats = rgb.convertTo(cv.CV_32FC3, (range[1] - range[0]) / 255, range[0]);
    const bytes = floats.getData();
    // getData copied the pixels: free the native buffers now rather than from the garbage collector.
    for (const mat of [transform, warped, rgb, floats]) mat.release();
    // getData hands back a Buffer of its own (offset 0), so it can usually be viewed as floats without a copy.
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, size * size * 3);
    return new Float32Array(Uint8Array.prototype.slice.call(bytes).buffer);
  }

  private checkedFrame(): Frame {
    const { data, width, height } = this.frame;
    if (data.length !== width * height * 3) throw new Error(`frame ${this.frame.index} has ${data.length} bytes, expected ${width}x${height}x3`);
    return this.frame;
  }
}

/** Runs `body` with the frame as an image and frees the image's native memory right after. */
export async function withFrameImage<T>(frame: Frame, body: (image: FrameImage) => Promise<T>): Promise<T> {
  const image = new FrameImage(frame);
  try {
    return await body(image);
  } finally {
    image.release();
  }
}
