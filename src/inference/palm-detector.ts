// The palm detection model run on a sub-rectangle of a frame (the whole frame for MediaPipe's own
// pipeline): letterbox the rectangle into the model's square input, decode, map back to frame pixels.
import type { Box } from '../types.js';
import { generateAnchors, palmAnchorOptions, type Anchor } from './anchors.js';
import type { FrameImage } from './frame-image.js';
import { weightedNonMaxSuppression } from './nms.js';
import { decodePalmDetections, scaleDetection, type PalmDetection } from './palm-decode.js';
import { letterboxSquare } from './region.js';
import type { ModelSession } from './backend.js';
import { expectOutputShapes, squareInputSize } from './model-io.js';

/** MediaPipe's palm NMS overlap threshold. */
export const PALM_NMS_IOU = 0.3;

/** Merges overlapping palm detections (e.g. from overlapping tiles) as MediaPipe's weighted NMS does. */
export function suppressOverlappingPalms(detections: readonly PalmDetection[]): PalmDetection[] {
  return weightedNonMaxSuppression(detections, PALM_NMS_IOU);
}

export function fullFrameRect(image: { width: number; height: number }): Box {
  return { xMin: 0, yMin: 0, width: image.width, height: image.height };
}

export class PalmDetector {
  readonly inputSize: number;
  private readonly anchors: Anchor[];

  constructor(
    readonly model: ModelSession,
    /** Detections scoring below this are dropped (minHandDetectionConfidence). */
    readonly minScore: number,
  ) {
    this.inputSize = squareInputSize(model.runner, model.modelPath);
    this.anchors = generateAnchors(palmAnchorOptions(this.inputSize));
    const count = this.anchors.length;
    expectOutputShapes(model.runner, model.modelPath, 'palm detection', [[1, count, 18], [1, count, 1]]);
  }

  /**
   * Palms in a rectangle of the frame, before non-max suppression, in frame pixels. The rectangle
   * is letterboxed (zero borders) to the model's square input around its centre. `minScore`
   * overrides the detector's threshold (a strategy may take weaker palms for the landmark model to confirm).
   */
  async detectRaw(image: FrameImage, rect: Box, minScore = this.minScore): Promise<PalmDetection[]> {
    const square = letterboxSquare(rect);
    const input = image.crop(square, this.inputSize, 'zero');
    const [regressors, logits] = await this.model.runner.run(input);
    const found = decodePalmDetections(regressors!, logits!, this.anchors, this.inputSize, minScore);
    const x0 = square.xCenter - square.width / 2;
    const y0 = square.yCenter - square.height / 2;
    return found.map((d) => scaleDetection(d, square.width, x0, y0));
  }

  /** Palms in a rectangle of the frame (default: all of it), merged by weighted NMS, best first. */
  async detect(image: FrameImage, rect: Box = fullFrameRect(image)): Promise<PalmDetection[]> {
    return suppressOverlappingPalms(await this.detectRaw(image, rect));
  }
}
