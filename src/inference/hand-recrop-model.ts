// Holistic's hand_recrop model: given a rough hand region cut from the body, it outputs two points
// (the hand's centre and a point toward the wrist) that give a better fitting region for the hand
// landmark model (hand_recrop_by_roi_cpu.pbtxt).
import type { HandRegion } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { expectOutputShapes, squareInputSize } from './model-io.js';
import { recropRegion } from './pose-region.js';
import { cropToFrame } from './region.js';
import type { ModelSession } from './backend.js';

export class HandRecropModel {
  readonly inputSize: number;

  constructor(readonly model: ModelSession) {
    this.inputSize = squareInputSize(model.runner, model.modelPath);
    // Two points, x and y each, in crop pixels.
    expectOutputShapes(model.runner, model.modelPath, 'hand recrop', [[1, 1, 1, 4]]);
  }

  /** The refined hand region for a rough one. */
  async refine(image: FrameImage, region: HandRegion): Promise<HandRegion> {
    const size = this.inputSize;
    const [points] = await this.model.runner.run(image.crop(region, size, 'replicate'));
    const toFrame = cropToFrame(region, size);
    return recropRegion(toFrame(points![0]!, points![1]!), toFrame(points![2]!, points![3]!));
  }
}
