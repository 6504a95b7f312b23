// The pose landmark model (pose_landmark_{lite,full,heavy}) run on one person region: rotated crop in,
// 33 body landmarks with visibility and presence in frame pixels, world landmarks, the two auxiliary
// points that place the next frame's region, and the pose presence score out. Decoding as MediaPipe's
// tensors_to_pose_landmarks_and_segmentation.pbtxt does it, heatmap refinement included.
import type { HandRegion, Landmark, PoseLandmark } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { expectOutputShapes, squareInputSize } from './model-io.js';
import { sigmoid, type Point2 } from './palm-decode.js';
import { projectLandmarks, rotateWorldLandmarks } from './region.js';
import type { ModelSession } from './backend.js';

/** Landmarks the model outputs: the 33 body points, then auxiliary points (33 hip centre, 34 size and rotation). */
export const POSE_MODEL_LANDMARKS = 39;
export const POSE_LANDMARKS = 33;
/** x, y, z, visibility, presence. */
const VALUES_PER_LANDMARK = 5;
/** RefineLandmarksFromHeatmapCalculator's settings in MediaPipe's pose graph. */
const HEATMAP_KERNEL = 7;
const HEATMAP_MIN_CONFIDENCE = 0.5;
/** The heatmap's side is the input's over this. */
const HEATMAP_DOWNSCALE = 4;

export interface PoseLandmarks {
  landmarks: PoseLandmark[];
  worldLandmarks: Landmark[];
  /** Auxiliary points 33 and 34 in frame pixels, for poseLandmarksToRegion. */
  auxiliary: [Point2, Point2];
  /** Pose presence score, 0 to 1. */
  presence: number;
}

/**
 * MediaPipe's RefineLandmarksFromHeatmapCalculator, in place on raw landmarks (crop pixels of
 * inputSize, `stride` values each): each landmark moves to the confidence-weighted centre of the
 * kernel×kernel heatmap window around it, when the window's best confidence reaches minConfidence.
 * The heatmap is NHWC [size, size, count] logits.
 */
export function refineFromHeatmap(
  raw: Float32Array,
  stride: number,
  count: number,
  inputSize: number,
  heatmap: Float32Array,
  heatmapSize: number,
  kernel = HEATMAP_KERNEL,
  minConfidence = HEATMAP_MIN_CONFIDENCE,
): void {
  const offset = (kernel - 1) / 2;
  for (let k = 0; k < count; k++) {
    // Truncation toward zero as in MediaPipe's int conversion.
    const col = Math.trunc((raw[stride * k]! / inputSize) * heatmapSize);
    const row = Math.trunc((raw[stride * k + 1]! / inputSize) * heatmapSize);
    if (col < 0 || col >= heatmapSize || row < 0 || row >= heatmapSize) continue;
    let sum = 0;
    let weightedCol = 0;
    let weightedRow = 0;
    let best = 0;
    for (let r = Math.max(0, row - offset); r < Math.min(heatmapSize, row + offset + 1); r++) {
      for (let c = Math.max(0, col - offset); c < Math.min(heatmapSize, col + offset + 1); c++) {
        const confidence = sigmoid(heatmap[(r * heatmapSize + c) * count + k]!);
        sum += confidence;
        best = Math.max(best, confidence);
        weightedCol += c * confidence;
        weightedRow += r * confidence;
      }
    }
    if (best >= minConfidence && sum > 0) {
      raw[stride * k] = (weightedCol / heatmapSize / sum) * inputSize;
      raw[stride * k + 1] = (weightedRow / heatmapSize / sum) * inputSize;
    }
  }
}

export class PoseLandmarkModel {
  readonly inputSize: number;

  constructor(readonly model: ModelSession) {
    const size = squareInputSize(model.runner, model.modelPath);
    this.inputSize = size;
    const heatmapSize = size / HEATMAP_DOWNSCALE;
    // Landmarks, pose flag, segmentation, heatmap, world landmarks (the TFLite model's order).
    expectOutputShapes(model.runner, model.modelPath, 'pose landmark', [
      [1, POSE_MODEL_LANDMARKS * VALUES_PER_LANDMARK],
      [1, 1],
      [1, size, size, 1],
      [1, heatmapSize, heatmapSize, POSE_MODEL_LANDMARKS],
      [1, POSE_MODEL_LANDMARKS * 3],
    ]);
  }

  async run(image: FrameImage, region: HandRegion): Promise<PoseLandmarks> {
    const size = this.inputSize;
    // Cut as MediaPipe's GPU graph (its WebGL solution, our reference) cuts it: on MediaPipe's own
    // region, lite's landmarks lie 3.1% of the torso from MediaPipe's with the CPU convention, 0.16% with this.
    const input = image.crop(region, size, 'replicate');
    const [raw, flag, , heatmap, world] = await this.model.runner.run(input);
    return {
      ...decodePoseLandmarks(raw!, heatmap!, region, size),
      worldLandmarks: rotateWorldLandmarks(world!, region.rotation, POSE_LANDMARKS),
      presence: flag![0]!,
    };
  }
}

/**
 * The landmark tensor (refined by the heatmap, size×size crop of `region`) → the 33 landmarks and the
 * two auxiliary points in frame pixels, as tensors_to_pose_landmarks_and_segmentation.pbtxt decodes
 * it: visibility and presence through a sigmoid, z scaled like x with no normalize_z (the hands' is 0.4).
 */
export function decodePoseLandmarks(
  raw: Float32Array,
  heatmap: Float32Array,
  region: HandRegion,
  size: number,
): Pick<PoseLandmarks, 'landmarks' | 'auxiliary'> {
  const values = Float32Array.from(raw);
  refineFromHeatmap(values, VALUES_PER_LANDMARK, POSE_MODEL_LANDMARKS, size, heatmap, size / HEATMAP_DOWNSCALE);
  const points = projectLandmarks(values, region, size, POSE_MODEL_LANDMARKS, VALUES_PER_LANDMARK, 1);
  const landmarks: PoseLandmark[] = points.slice(0, POSE_LANDMARKS).map((p, i) => ({
    ...p,
    visibility: sigmoid(values[VALUES_PER_LANDMARK * i + 3]!),
    presence: sigmoid(values[VALUES_PER_LANDMARK * i + 4]!),
  }));
  return { landmarks, auxiliary: [points[33]!, points[34]!] };
}
