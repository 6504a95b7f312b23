// A frame as the models and the drawing code read it: model input crops (rotation, scale, letterbox and
// [0,1] scaling in one resampling) cut from its bytes as MediaPipe's GPU ImageToTensor cuts them
// (gpu-crop.ts), and an OpenCV image of it (motion search, drawing), made on first use and shared
// until the frame is done.
import type { Frame, HandRegion } from '../types.js';
import { loadOpenCV, type Mat } from '../util/opencv.js';
import { gpuCrop } from './gpu-crop.js';

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
   * detector), NHWC, ready for the models, cut as MediaPipe's GPU ImageToTensor cuts it (gpu-crop.ts).
   */
  crop(region: HandRegion, size: number, border: CropBorder, range: readonly [number, number] = [0, 1]): Float32Array {
    return gpuCrop(this.checkedFrame(), region, size, border, range);
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
