// Holistic's hand_recrop model: given a rough hand region cut from the body, it outputs two points
// (the hand's centre and a point toward the wrist) that give a better fitting region for the hand
// landmark model (hand_recrop_by_roi_cpu.pbtxt).
import type { HandRegion } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { expectOutputShapes, runSquareImage, squareInputSize } from './model-io.js';
import { recropRegion } from './pose-region.js';
import { cropToFrameMatrix } from './region.js';
import type { ModelSession, OnnxRuntime } from './session.js';

export class HandRecropModel {
  readonly inputSize: number;

  constructor(
    private readonly runtime: OnnxRuntime,
    readonly model: ModelSession,
  ) {
    this.inputSize = squareInputSize(model.session, model.modelPath);
    // Two points, x and y each, in crop pixels.
    expectOutputShapes(model.session, model.modelPath, 'hand recrop', [[1, 1, 1, 4]]);
  }

  /** The refined hand region for a rough one. */
  async refine(image: FrameImage, region: HandRegion): Promise<HandRegion> {
    const size = this.inputSize;
    const [points] = await runSquareImage(this.runtime, this.model.session, image.crop(region, size, 'replicate'), size);
    const m = cropToFrameMatrix(region, size);
    const toFrame = (u: number, v: number) => ({ x: m[0] * u + m[1] * v + m[2], y: m[3] * u + m[4] * v + m[5] });
    return recropRegion(toFrame(points![0]!, points![1]!), toFrame(points![2]!, points![3]!));
  }
}
