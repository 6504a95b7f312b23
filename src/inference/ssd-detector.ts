// An SSD detector model (MediaPipe's palm and pose detectors) run on a sub-rectangle of a frame (the
// whole frame for MediaPipe's own pipelines): letterbox the rectangle into the model's square input,
// decode against the anchors, map back to frame pixels, merge overlaps by weighted NMS.
import type { Box } from '../types.js';
import { generateAnchors, type Anchor, type SsdAnchorOptions } from './anchors.js';
import type { FrameImage } from './frame-image.js';
import { expectOutputShapes, squareInputSize } from './model-io.js';
import { weightedNonMaxSuppression } from './nms.js';
import { decodeDetections, scaleDetection, type Detection } from './palm-decode.js';
import { letterboxSquare } from './region.js';
import type { ModelSession } from './backend.js';

/** What differs between MediaPipe's SSD detectors (their graphs' calculator options). */
export interface SsdDetectorSpec {
  /** The model's kind, for the error when a file is not one ("palm detection"). */
  what: string;
  anchors(inputSize: number): SsdAnchorOptions;
  keypointCount: number;
  /** Pixel values are scaled to this range (ImageToTensor's output_tensor_float_range). */
  inputRange: readonly [number, number];
  /** Non-max suppression overlap threshold (IoU). */
  nmsIou: number;
}

export function fullFrameRect(image: { width: number; height: number }): Box {
  return { xMin: 0, yMin: 0, width: image.width, height: image.height };
}

export class SsdDetector {
  readonly inputSize: number;
  private readonly anchors: Anchor[];

  constructor(
    readonly model: ModelSession,
    /** Detections scoring below this are dropped (min…DetectionConfidence). */
    readonly minScore: number,
    readonly spec: SsdDetectorSpec,
  ) {
    this.inputSize = squareInputSize(model.runner, model.modelPath);
    this.anchors = generateAnchors(spec.anchors(this.inputSize));
    const count = this.anchors.length;
    expectOutputShapes(model.runner, model.modelPath, spec.what, [
      [1, count, 4 + 2 * spec.keypointCount],
      [1, count, 1],
    ]);
  }

  /**
   * Detections in a rectangle of the frame, before non-max suppression, in frame pixels. The
   * rectangle is letterboxed (zero borders) to the model's square input around its centre.
   * `minScore` overrides the detector's threshold (a strategy may take weaker palms for the
   * landmark model to confirm).
   */
  async detectRaw(image: FrameImage, rect: Box, minScore = this.minScore): Promise<Detection[]> {
    const square = letterboxSquare(rect);
    const input = image.crop(square, this.inputSize, 'zero', this.spec.inputRange);
    const [regressors, logits] = await this.model.runner.run(input);
    const found = decodeDetections(regressors!, logits!, this.anchors, this.inputSize, minScore, this.spec.keypointCount);
    const x0 = square.xCenter - square.width / 2;
    const y0 = square.yCenter - square.height / 2;
    return found.map((d) => scaleDetection(d, square.width, x0, y0));
  }

  /** Detections in a rectangle of the frame (default: all of it), merged by weighted NMS, best first. */
  async detect(image: FrameImage, rect: Box = fullFrameRect(image)): Promise<Detection[]> {
    return weightedNonMaxSuppression(await this.detectRaw(image, rect), this.spec.nmsIou);
  }
}
