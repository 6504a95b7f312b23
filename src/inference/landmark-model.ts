// The hand landmark model run on one hand region: rotated crop in, 21 landmarks in frame pixels,
// world landmarks, presence and handedness out.
import type { Handedness, HandRegion, Landmark } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { expectOutputShapes, squareInputSize } from './model-io.js';
import { projectLandmarks, rotateWorldLandmarks } from './region.js';
import type { ModelSession } from './backend.js';

export interface HandLandmarks {
  landmarks: Landmark[];
  worldLandmarks: Landmark[];
  presence: number;
  handedness: Handedness;
  /** Confidence of the label, 0.5 to 1. */
  handednessScore: number;
}

/**
 * The model's handedness output is the probability of MediaPipe's label "Left", which MediaPipe
 * defines for a mirrored (selfie) image. Our frames are not mirrored, so that label is the person's
 * right hand: we report the person's own hand.
 */
export function handednessOf(modelScore: number): { handedness: Handedness; handednessScore: number } {
  return modelScore >= 0.5 ? { handedness: 'Right', handednessScore: modelScore } : { handedness: 'Left', handednessScore: 1 - modelScore };
}

export class LandmarkModel {
  readonly inputSize: number;

  constructor(readonly model: ModelSession) {
    this.inputSize = squareInputSize(model.runner, model.modelPath);
    // Landmarks, presence, handedness, world landmarks.
    expectOutputShapes(model.runner, model.modelPath, 'hand landmark', [
      [1, 63],
      [1, 1],
      [1, 1],
      [1, 63],
    ]);
  }

  async run(image: FrameImage, region: HandRegion): Promise<HandLandmarks> {
    const size = this.inputSize;
    // Cut as MediaPipe's GPU graph (its WebGL solution, our reference) cuts it: with its CPU graph's
    // cut here and in the palm detector, our landmarks lay 1.8% (full) and 2.3% (lite) of the hand from
    // that solution's on the parity photos, 0.3% with this (bench/parity.ts).
    const input = image.crop(region, size, 'replicate');
    // Output order as in the TFLite model: landmarks, presence, handedness, world landmarks.
    const [raw, presence, handedness, world] = await this.model.runner.run(input);
    return {
      landmarks: projectLandmarks(raw!, region, size),
      worldLandmarks: rotateWorldLandmarks(world!, region.rotation),
      presence: presence![0]!,
      ...handednessOf(handedness![0]!),
    };
  }
}
